package org.gistsweep.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

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
 *     WorkerReport}); {@code null} from a worker older than attempt tokens, and omitted from the JSON
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
    @JsonInclude(JsonInclude.Include.NON_NULL) String attemptToken)
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
  }

  /** A report without an attempt token (a worker older than attempt tokens, or a test). */
  public TrialFinished(int schema, String study, int trial, int attempt, long sentAt, String worker, String outcome,
      double bestValue, int bestEpoch, double lastValue, int epochsRun, long trainableParams, long totalParams) {
    this(schema, study, trial, attempt, sentAt, worker, outcome, bestValue, bestEpoch, lastValue, epochsRun,
        trainableParams, totalParams, null);
  }
}
