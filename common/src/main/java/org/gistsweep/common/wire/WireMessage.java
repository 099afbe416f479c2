package org.gistsweep.common.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Every message that crosses Kafka between the orchestrator and the workers.
 *
 * <p>Each message is an immutable record carrying the common header: the {@link #schema() schema
 * version}, the {@link #study() study id}, the {@link #trial() trial number} and the {@link
 * #attempt() attempt} (1 for the first run of a trial, k+1 when it is issued again), plus the
 * sender's clock reading {@link #sentAt()}. Receivers use (study, trial, attempt) to drop stale or
 * duplicated deliveries, so every handler is idempotent.
 *
 * <p>Worker messages ({@link WorkerReport}) also carry the worker's id and the {@code
 * attempt_token} of the {@link TrialAssignment} they report on: the orchestrator refuses a report
 * whose token does not match, so a client that can write worker events but cannot read assignments
 * cannot forge any.
 *
 * <p>Encoded as one JSON object with a {@code "type"} discriminator by {@link WireCodec}. Changes
 * are additive: new optional fields and new types; a reader ignores fields it does not know and
 * rejects a schema version newer than {@link #SCHEMA_VERSION}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TrialAssignment.class, name = "trial_assignment"),
  @JsonSubTypes.Type(value = TrialStarted.class, name = "trial_started"),
  @JsonSubTypes.Type(value = EpochMetrics.class, name = "epoch_metrics"),
  @JsonSubTypes.Type(value = Heartbeat.class, name = "heartbeat"),
  @JsonSubTypes.Type(value = TrialFinished.class, name = "trial_finished"),
  @JsonSubTypes.Type(value = TrialFailed.class, name = "trial_failed"),
  @JsonSubTypes.Type(value = TrialSuspended.class, name = "trial_suspended"),
  @JsonSubTypes.Type(value = TrialControl.class, name = "trial_control")
})
public sealed interface WireMessage permits TrialAssignment, TrialControl, WorkerReport {

  /** The schema version this code writes and the newest it reads. */
  int SCHEMA_VERSION = 1;

  /** Schema version of this message. */
  int schema();

  /** The study the trial belongs to. */
  String study();

  /** The trial number within the study, from 0. */
  int trial();

  /** Which run of the trial this is, from 1. */
  int attempt();

  /** The sender's clock when the message was made, in epoch milliseconds. */
  long sentAt();

  /** The Kafka record key: messages of one trial share a key, so they keep their order. */
  default String key() {
    return study() + "/" + trial();
  }

  /** Checks the common header; called from every record's constructor. */
  static void checkHeader(int schema, String study, int trial, int attempt) {
    if (schema < 1) {
      throw new IllegalArgumentException("schema must be >= 1, got " + schema);
    }
    if (study == null || study.isBlank()) {
      throw new IllegalArgumentException("study must be a non-empty id");
    }
    if (trial < 0) {
      throw new IllegalArgumentException("trial must be >= 0, got " + trial);
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
    }
  }

  /** Null-safe non-blank check used by the records. */
  static String require(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must be non-empty");
    }
    return value;
  }
}
