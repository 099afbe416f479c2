package org.gistsweep.worker.train;

/** Receives each epoch's metrics after evaluation and decides whether training goes on. */
@FunctionalInterface
public interface EpochListener {
  /** A listener that never stops training. */
  EpochListener CONTINUE_ALWAYS = result -> EpochDecision.CONTINUE;

  /**
   * Called after each epoch's evaluation.
   *
   * @param result the epoch's metrics
   * @return {@link EpochDecision#STOP} to end the trial at this epoch boundary (pruned)
   */
  EpochDecision onEpoch(EpochResult result);
}
