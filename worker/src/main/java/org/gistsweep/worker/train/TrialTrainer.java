package org.gistsweep.worker.train;

import org.gistsweep.common.spec.TrainingSettings;

/**
 * Trains one trial: builds the model the settings describe, trains it epoch by epoch, evaluates on
 * the evaluation split after every epoch and reports each epoch to the listener, which may stop the
 * trial (pruning) at that epoch boundary, or between any two training steps ({@link
 * EpochListener#stopRequested()}: a cancel or a person's stop).
 */
public interface TrialTrainer {
  /**
   * Runs the trial to completion or until the listener answers {@link EpochDecision#STOP}.
   *
   * @param settings the validated trial configuration
   * @param listener called once per epoch, after evaluation, on the calling thread
   * @return the metrics of the whole run
   * @throws TrainingException on divergence, bad configuration, unreadable data or checkpoints
   */
  TrainingOutcome train(TrainingSettings settings, EpochListener listener) throws TrainingException;

  /**
   * As {@link #train(TrainingSettings, EpochListener)}, keeping the weights {@code weights} asks
   * for in its scratch folder ({@link TrainingOutcome#saved()}). Trainers that keep no weights
   * ignore it (the default).
   */
  default TrainingOutcome train(
      TrainingSettings settings, EpochListener listener, WeightsRequest weights)
      throws TrainingException {
    return train(settings, listener);
  }

  /**
   * As {@link #train(TrainingSettings, EpochListener, WeightsRequest)}, storing epoch checkpoints
   * and starting from the one {@code resume} offers, as it asks. Trainers without checkpoints
   * ignore it (the default): they store none and train from epoch 1.
   */
  default TrainingOutcome train(
      TrainingSettings settings,
      EpochListener listener,
      WeightsRequest weights,
      ResumeRequest resume)
      throws TrainingException {
    return train(settings, listener, weights);
  }
}
