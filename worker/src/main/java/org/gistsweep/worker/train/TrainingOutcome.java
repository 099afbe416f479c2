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
 * @param saved the weights written for storing ({@link WeightsRequest}): empty unless the trial
 *     completed and asked for some
 * @param weightsError why no weights were written though some were asked for (a full scratch disk),
 *     or {@code null}
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
    List<EpochResult> epochs,
    List<SavedWeights> saved,
    String weightsError) {
  /** Copies the lists. */
  public TrainingOutcome {
    epochs = List.copyOf(epochs);
    saved = List.copyOf(saved);
  }

  /** An outcome that saved no weights. */
  public TrainingOutcome(
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
    this(
        bestValTop1,
        bestEpoch,
        lastValTop1,
        epochsRun,
        stopped,
        trainableParams,
        totalParams,
        gistParams,
        peftParams,
        headParams,
        epochs,
        List.of(),
        null);
  }
}
