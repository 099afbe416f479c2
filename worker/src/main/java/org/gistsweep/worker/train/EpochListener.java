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

  /**
   * Polled by the training loop after every training step: {@code true} ends the trial there,
   * within one step, without finishing (or evaluating) the epoch. Another thread (a worker's control
   * listener) sets what this answers, so implementations read a volatile or atomic value.
   */
  default boolean stopRequested() {
    return false;
  }

  /**
   * Called after each training step (on the training thread), before {@link #stopRequested()}.
   *
   * @param epoch the 1-based epoch
   * @param step the 1-based step within the epoch
   */
  default void onStep(int epoch, int step) {}
}
