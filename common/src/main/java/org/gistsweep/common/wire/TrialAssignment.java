package org.gistsweep.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Orchestrator to workers, on {@link Topics#TRIALS}: run this trial.
 *
 * @param params the sampled parameters of the trial (name to value)
 * @param config the full, resolved training configuration (fixed settings overlaid with {@code
 *     params}), keyed by setting name as in {@code TrainingSettings.toMap()}
 * @param awaitDecisions whether the study prunes: then the orchestrator answers every epoch with a
 *     {@link TrialControl} ({@code continue} or {@code prune}) and the worker waits briefly for it
 *     before training the next epoch, so a pruned trial stops at once
 * @param attemptToken this attempt's token (hex): the worker echoes it in every {@link
 *     WorkerReport} of the attempt, and the orchestrator refuses reports without it. Derived from a
 *     secret of the study that only the orchestrator holds, so only a client that can read this
 *     topic learns it. Absent (and omitted from the JSON) from an orchestrator older than attempt
 *     tokens and for studies recovered from a journal without a study secret.
 * @param objective the study's first objective, by which the worker picks the epoch whose weights
 *     it keeps; {@code null} (omitted) from an orchestrator older than artifacts: then {@code
 *     val_top1}, maximised
 * @param resumeFrom where this attempt starts: the latest epoch checkpoint of an earlier attempt,
 *     or {@code null} (omitted) to train from epoch 1
 * @param pauseAfterEpoch promotion ASHA: after this epoch the worker stores a checkpoint and hands
 *     the trial back ({@link TrialSuspended} with reason {@code rung}) instead of training on; 0
 *     (omitted) trains to the end
 */
public record TrialAssignment(
    int schema,
    String study,
    int trial,
    int attempt,
    long sentAt,
    Map<String, Object> params,
    Map<String, Object> config,
    boolean awaitDecisions,
    @JsonInclude(JsonInclude.Include.NON_NULL) String attemptToken,
    @JsonInclude(JsonInclude.Include.NON_NULL) AssignedObjective objective,
    @JsonInclude(JsonInclude.Include.NON_NULL) ResumePoint resumeFrom,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int pauseAfterEpoch)
    implements WireMessage {

  /** The objective of an assignment that names none. */
  public static final AssignedObjective DEFAULT_OBJECTIVE =
      new AssignedObjective("val_top1", "maximize");

  public TrialAssignment {
    WireMessage.checkHeader(schema, study, trial, attempt);
    params = params == null ? Map.of() : WireMaps.copy(params);
    config = config == null ? Map.of() : WireMaps.copy(config);
    if (pauseAfterEpoch < 0) {
      throw new IllegalArgumentException("pause_after_epoch must be >= 0, got " + pauseAfterEpoch);
    }
    if (resumeFrom != null && pauseAfterEpoch != 0 && pauseAfterEpoch <= resumeFrom.epoch()) {
      throw new IllegalArgumentException(
          "pause_after_epoch "
              + pauseAfterEpoch
              + " is not after the resumed epoch "
              + resumeFrom.epoch());
    }
  }

  /** An assignment from epoch 1 that trains to the end. */
  public TrialAssignment(
      int schema,
      String study,
      int trial,
      int attempt,
      long sentAt,
      Map<String, Object> params,
      Map<String, Object> config,
      boolean awaitDecisions,
      String attemptToken,
      AssignedObjective objective) {
    this(
        schema,
        study,
        trial,
        attempt,
        sentAt,
        params,
        config,
        awaitDecisions,
        attemptToken,
        objective,
        null,
        0);
  }

  /**
   * The first epoch this attempt trains: 1, or the one after its {@link #resumeFrom()} checkpoint.
   */
  public int firstEpoch() {
    return resumeFrom == null ? 1 : resumeFrom.epoch() + 1;
  }

  /** An assignment without an objective (the worker keeps the epoch of the best val_top1). */
  public TrialAssignment(
      int schema,
      String study,
      int trial,
      int attempt,
      long sentAt,
      Map<String, Object> params,
      Map<String, Object> config,
      boolean awaitDecisions,
      String attemptToken) {
    this(schema, study, trial, attempt, sentAt, params, config, awaitDecisions, attemptToken, null);
  }

  /** {@link #objective()}, or {@link #DEFAULT_OBJECTIVE} when the orchestrator named none. */
  public AssignedObjective objectiveOrDefault() {
    return objective == null ? DEFAULT_OBJECTIVE : objective;
  }

  /** An assignment without an attempt token. */
  public TrialAssignment(
      int schema,
      String study,
      int trial,
      int attempt,
      long sentAt,
      Map<String, Object> params,
      Map<String, Object> config,
      boolean awaitDecisions) {
    this(schema, study, trial, attempt, sentAt, params, config, awaitDecisions, null);
  }

  /** An assignment of a study without a pruner, without an attempt token. */
  public TrialAssignment(
      int schema,
      String study,
      int trial,
      int attempt,
      long sentAt,
      Map<String, Object> params,
      Map<String, Object> config) {
    this(schema, study, trial, attempt, sentAt, params, config, false);
  }
}
