package org.gistsweep.worker.train;

/**
 * Receives each epoch's metrics after evaluation and decides whether training goes on; also hears
 * once when the model is built, with its parameter counts.
 */
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

  /**
   * Called once, after the model is built and the backbone loaded, before the first epoch.
   *
   * @param trainableParams parameters that receive gradients
   * @param totalParams every parameter of the model
   * @param gistParams parameters of the Gist tokens (0 with GIST off)
   * @param device where training runs, e.g. {@code cpu()}
   */
  default void onModelReady(long trainableParams, long totalParams, long gistParams, String device) {}
}
