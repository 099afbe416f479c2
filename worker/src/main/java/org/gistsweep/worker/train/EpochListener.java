package org.gistsweep.worker.train;

import org.gistsweep.common.wire.ArtifactRef;

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
   * Called after each epoch's evaluation, with the epoch checkpoint stored after it; by default
   * {@link #onEpoch(EpochResult)}.
   *
   * @param checkpoint the stored checkpoint of this epoch, or {@code null} when none was stored
   *     ({@code resume: false}, not a {@code resume_every} epoch, the last epoch, or storing
   *     failed)
   */
  default EpochDecision onEpoch(EpochResult result, ArtifactRef checkpoint) {
    return onEpoch(result);
  }

  /**
   * Asked after each epoch's evaluation, before its checkpoint is written: {@code true} when the
   * attempt hands the trial back after this epoch (a suspend, or its rung under promotion ASHA), so
   * a checkpoint is stored even off the {@code resume_every} beat. The listener then answers {@link
   * EpochDecision#STOP} from {@code onEpoch} once it has the checkpoint.
   */
  default boolean handBackAfter(int epoch) {
    return false;
  }

  /**
   * Called once, after the model is built and the backbone loaded, before the first epoch.
   *
   * @param trainableParams parameters that receive gradients
   * @param totalParams every parameter of the model
   * @param gistParams parameters of the Gist tokens (0 with GIST off)
   * @param device where training runs, e.g. {@code cpu()}
   */
  default void onModelReady(
      long trainableParams, long totalParams, long gistParams, String device) {}

  /**
   * As {@link #onModelReady(long, long, long, String)}, saying what became of the offered
   * checkpoint: by default that method.
   *
   * @param resumedFromEpoch the epoch of the checkpoint loaded (training goes on at the next), or 0
   * @param resumeRefused why an offered checkpoint was refused (training starts at epoch 1), or
   *     {@code null}
   */
  default void onModelReady(
      long trainableParams,
      long totalParams,
      long gistParams,
      String device,
      int resumedFromEpoch,
      String resumeRefused) {
    onModelReady(trainableParams, totalParams, gistParams, device);
  }

  /**
   * Polled by the training loop after every training step: {@code true} ends the trial there,
   * within one step, without finishing (or evaluating) the epoch. Another thread (a worker's
   * control listener) sets what this answers, so implementations read a volatile or atomic value.
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
