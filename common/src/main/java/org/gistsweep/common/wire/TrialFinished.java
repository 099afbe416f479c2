package org.gistsweep.common.wire;

/**
 * Worker to orchestrator, on {@link Topics#EVENTS}: the attempt ended normally.
 *
 * @param outcome {@code complete} (trained to the end) or {@code pruned} (stopped at an epoch
 *     boundary on the orchestrator's request)
 * @param bestValue best evaluation top-1 over the epochs run
 * @param bestEpoch epoch of {@code bestValue}, 1-based
 * @param lastValue evaluation top-1 of the last epoch run
 * @param epochsRun epochs trained
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
    long totalParams)
    implements WireMessage {

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
}
