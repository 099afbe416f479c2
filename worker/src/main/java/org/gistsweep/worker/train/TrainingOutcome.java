package org.gistsweep.worker.train;

import java.util.List;

/**
 * The result of a trial.
 *
 * @param bestValTop1 best evaluation top-1 over the epochs run (best-epoch figure)
 * @param bestEpoch 1-based epoch of {@code bestValTop1} (the first one on ties)
 * @param lastValTop1 evaluation top-1 after the last epoch run (last-epoch figure)
 * @param epochsRun epochs trained
 * @param stopped whether the listener stopped (pruned) the trial before its last epoch
 * @param trainableParams parameters that receive gradients
 * @param totalParams all parameters of the model, head and Gist tokens included
 * @param gistParams Gist token parameters (k x d; 0 with GIST off)
 * @param peftParams trainable parameters other than head and Gist tokens
 * @param headParams classification head parameters
 * @param epochs every epoch's metrics, in order
 */
public record TrainingOutcome(
    double bestValTop1,
    int bestEpoch,
    double lastValTop1,
    int epochsRun,
    boolean stopped,
    long trainableParams,
    long totalParams,
    long gistParams,
    long peftParams,
    long headParams,
    List<EpochResult> epochs) {
  /** Copies the epoch list. */
  public TrainingOutcome {
    epochs = List.copyOf(epochs);
  }
}
