package org.gistsweep.worker.train;

import java.util.List;

/** Folds epoch results and parameter counts into a {@link TrainingOutcome}. */
final class Outcomes {
  private Outcomes() {}

  static TrainingOutcome of(List<EpochResult> epochs, boolean stopped, ParamCounts counts) {
    return of(epochs, stopped, counts, List.of(), null);
  }

  static TrainingOutcome of(
      List<EpochResult> epochs,
      boolean stopped,
      ParamCounts counts,
      List<SavedWeights> saved,
      String weightsError) {
    double best = -1;
    int bestEpoch = 0;
    for (EpochResult r : epochs) {
      if (r.valTop1() > best) {
        best = r.valTop1();
        bestEpoch = r.epoch();
      }
    }
    double lastValue = epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).valTop1();
    return new TrainingOutcome(
        epochs.isEmpty() ? Double.NaN : best,
        bestEpoch,
        lastValue,
        epochs.size(),
        stopped,
        counts.trainable(),
        counts.total(),
        counts.gist(),
        counts.peft(),
        counts.head(),
        epochs,
        saved,
        weightsError);
  }
}
