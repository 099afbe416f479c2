package org.gistsweep.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Worker to orchestrator, on {@link Topics#EVENTS}: the attempt ended normally.
 *
 * @param outcome {@code complete} (trained to the end) or {@code pruned} (stopped at an epoch
 *     boundary on the orchestrator's request)
 * @param bestValue best evaluation top-1 over the epochs run, in [0, 1]; NaN only when no epoch ran
 * @param bestEpoch epoch of {@code bestValue}, 1-based (0 when no epoch ran)
 * @param lastValue evaluation top-1 of the last epoch run, in [0, 1]; NaN only when no epoch ran
 * @param epochsRun epochs trained
 * @param attemptToken echoed from the attempt's {@link TrialAssignment#attemptToken()} (see {@link
 *     WorkerReport}); {@code null} from a worker older than attempt tokens, and omitted from the
 *     JSON
 * @param artifacts the files the worker stored for this attempt (the best epoch's trainable weights
 *     and their sidecar, and the last epoch's with {@code artifacts: best_and_last}); empty when it
 *     stored none (a pruned trial, {@code artifacts: none}, a worker older than artifacts, or a
 *     failed upload), and then omitted from the JSON
 * @param artifactError why storing the weights failed (naming the store and the cause), or {@code
 *     null}: the trial's metrics stand, it is only without weights
 */
public record TrialFinished(
    int schema,
    String study,
    int trial,
    int attempt,
    long sentAt,
    String worker,
    String outcome,
    double bestValue,
    int bestEpoch,
    double lastValue,
    int epochsRun,
    long trainableParams,
    long totalParams,
    @JsonInclude(JsonInclude.Include.NON_NULL) String attemptToken,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ArtifactRef> artifacts,
    @JsonInclude(JsonInclude.Include.NON_NULL) String artifactError)
    implements WorkerReport {

  /** {@link #outcome()} of a trial trained to the end. */
  public static final String COMPLETE = "complete";

  /** {@link #outcome()} of a trial stopped by the pruner. */
  public static final String PRUNED = "pruned";

  public TrialFinished {
    WireMessage.checkHeader(schema, study, trial, attempt);
    WireMessage.require(worker, "worker");
    if (!COMPLETE.equals(outcome) && !PRUNED.equals(outcome)) {
      throw new IllegalArgumentException("outcome must be complete or pruned, got " + outcome);
    }
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
  }

  /** A report that stored no artifacts. */
  public TrialFinished(
      int schema,
      String study,
      int trial,
      int attempt,
      long sentAt,
      String worker,
      String outcome,
      double bestValue,
      int bestEpoch,
      double lastValue,
      int epochsRun,
      long trainableParams,
      long totalParams,
      String attemptToken) {
    this(
        schema,
        study,
        trial,
        attempt,
        sentAt,
        worker,
        outcome,
        bestValue,
        bestEpoch,
        lastValue,
        epochsRun,
        trainableParams,
        totalParams,
        attemptToken,
        List.of(),
        null);
  }

  /** A report without an attempt token (a worker older than attempt tokens, or a test). */
  public TrialFinished(
      int schema,
      String study,
      int trial,
      int attempt,
      long sentAt,
      String worker,
      String outcome,
      double bestValue,
      int bestEpoch,
      double lastValue,
      int epochsRun,
      long trainableParams,
      long totalParams) {
    this(
        schema,
        study,
        trial,
        attempt,
        sentAt,
        worker,
        outcome,
        bestValue,
        bestEpoch,
        lastValue,
        epochsRun,
        trainableParams,
        totalParams,
        null);
  }
}
