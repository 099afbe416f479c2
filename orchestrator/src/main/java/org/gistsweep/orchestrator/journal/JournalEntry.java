package org.gistsweep.orchestrator.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.wire.WireMessage;

/**
 * One input that changed a study's state, as the orchestrator's journal records it. A study's state
 * is the fold of its entries in order: replaying them (each at its recorded time {@link #at()})
 * rebuilds it exactly, so an orchestrator killed at any point starts again where the journal ends.
 *
 * <p>Encoded by {@link JournalCodec} as one JSON object with an {@code "entry"} discriminator and
 * snake_case fields. Changes are additive, as on the wire.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "entry")
@JsonSubTypes({
  @JsonSubTypes.Type(value = JournalEntry.StudyOpened.class, name = "study_opened"),
  @JsonSubTypes.Type(value = JournalEntry.TrialCreated.class, name = "trial_created"),
  @JsonSubTypes.Type(value = JournalEntry.TrialRejected.class, name = "trial_rejected"),
  @JsonSubTypes.Type(value = JournalEntry.WorkerEvent.class, name = "worker_event"),
  @JsonSubTypes.Type(value = JournalEntry.Asked.class, name = "asked"),
  @JsonSubTypes.Type(value = JournalEntry.Reported.class, name = "reported"),
  @JsonSubTypes.Type(value = JournalEntry.Told.class, name = "told"),
  @JsonSubTypes.Type(value = JournalEntry.Controlled.class, name = "controlled"),
  @JsonSubTypes.Type(value = JournalEntry.ArtifactsDeleted.class, name = "artifacts_deleted")
})
public sealed interface JournalEntry {
  /** The schema version this code writes and the newest it reads. */
  int SCHEMA_VERSION = 1;

  /** The study this entry belongs to (the journal's record key). */
  String study();

  /** When the orchestrator applied it, epoch milliseconds; replay applies it at this time. */
  long at();

  /**
   * A study was created.
   *
   * @param askTell whether a client drives it (ask/tell) rather than workers
   * @param spec the spec as its parser reads it ({@code SweepSpecWriter.sweepDocument} or {@code
   *     askTellDocument})
   * @param secret the key of the study's attempt tokens (hex), kept only here: never in the study's
   *     JSON, the API or logs ({@link #toString()} leaves it out). Absent from journals older than
   *     attempt tokens: such a study takes worker reports without a token.
   */
  record StudyOpened(
      String study,
      long at,
      boolean askTell,
      Map<String, Object> spec,
      @JsonInclude(JsonInclude.Include.NON_NULL) String secret)
      implements JournalEntry {

    /** A study opened without a secret (as journals older than attempt tokens record it). */
    public StudyOpened(String study, long at, boolean askTell, Map<String, Object> spec) {
      this(study, at, askTell, spec, null);
    }

    @Override
    public String toString() {
      return "StudyOpened[study="
          + study
          + ", at="
          + at
          + ", askTell="
          + askTell
          + ", spec="
          + spec
          + ", secret="
          + (secret == null ? "none" : "(hidden)")
          + "]";
    }
  }

  /** Trial {@code trial} was created WAITING (attempt 1) with these parameters and settings. */
  record TrialCreated(
      String study, long at, int trial, Map<String, Object> params, Map<String, Object> config)
      implements JournalEntry {}

  /** Trial {@code trial} was created FAILED, before any worker saw it (e.g. an invalid config). */
  record TrialRejected(
      String study,
      long at,
      int trial,
      Map<String, Object> params,
      String errorType,
      String message)
      implements JournalEntry {}

  /**
   * A worker message was applied (or fenced off): also the failures the orchestrator reports
   * itself, such as an expired lease. The assignment a retry, resume or promotion issues is not
   * journaled: the fold derives it (with its {@code resume_from}) from the entries before it, so
   * the attempts' {@code resumed_from} replay exactly.
   */
  record WorkerEvent(String study, long at, WireMessage message) implements JournalEntry {}

  /** Ask/tell: trial {@code trial} was asked for and handed out RUNNING with these parameters. */
  record Asked(String study, long at, int trial, Map<String, Object> params)
      implements JournalEntry {}

  /** Ask/tell: a client reported the values of trial {@code trial} at {@code step}. */
  record Reported(String study, long at, int trial, int step, List<Double> values)
      implements JournalEntry {}

  /** Ask/tell: a client told how trial {@code trial} ended ({@code state} is a TrialState name). */
  record Told(String study, long at, int trial, String state, List<Double> values)
      implements JournalEntry {}

  /**
   * A person steered the study (pause, resume, stop, cancel, budget, enqueue, stop_trial, archive,
   * restore, suspend_trial, resume_trial). Written in the same transaction as the stop requests it
   * sent to workers; replay applies it again with the same effect. Repeats that changed nothing are
   * not recorded.
   *
   * @param control the control's name
   * @param call the HTTP call that carried it, e.g. {@code POST /api/studies/{id}/pause}
   * @param args its arguments, e.g. {@code {"trials": 20}} or {@code {"params": {...}}}
   */
  record Controlled(String study, long at, String control, String call, Map<String, Object> args)
      implements JournalEntry {}

  /**
   * Artifacts were deleted from the artifact store; written only after the store deleted them, so a
   * restart between the two deletes them again (deleting a missing key is fine) and then records
   * this. Replay marks them deleted; nothing else changes.
   *
   * @param trial the trial whose weights retention deleted, or {@code -1} for every artifact of the
   *     study (archived with {@code ?artifacts=true})
   * @param keys the deleted keys: the trial's weight and sidecar keys, or for {@code -1} the one
   *     prefix {@code <study>/} that was deleted whole
   * @param reason {@code retention} (the trial is not among those {@code retain: {best: K}} keeps)
   *     or {@code study_deleted}; for epoch checkpoints (the keys are checkpoint keys of the trial)
   *     {@code checkpoint_superseded} (a newer one of the trial was recorded) or {@code
   *     checkpoint_trial_ended} (the trial ended; its folders were swept for unreported ones)
   */
  record ArtifactsDeleted(String study, long at, int trial, List<String> keys, String reason)
      implements JournalEntry {
    public ArtifactsDeleted {
      keys = List.copyOf(keys);
    }
  }
}
