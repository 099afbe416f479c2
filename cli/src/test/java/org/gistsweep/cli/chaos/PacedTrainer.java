package org.gistsweep.cli.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.worker.train.EpochDecision;
import org.gistsweep.worker.train.EpochListener;
import org.gistsweep.worker.train.EpochResult;
import org.gistsweep.worker.train.TrainingException;
import org.gistsweep.worker.train.TrainingOutcome;
import org.gistsweep.worker.train.TrialTrainer;

/**
 * A stand-in for DJL training with controlled timing: the model is "ready" after {@code buildTime},
 * each epoch takes {@code epochTime}, and val_top1 is a deterministic function of the learning rate
 * and the epoch. For worker-runtime tests where the transport, not the model, is under test.
 */
final class PacedTrainer implements TrialTrainer {
  private final Duration buildTime;
  private final Duration epochTime;

  PacedTrainer(Duration buildTime, Duration epochTime) {
    this.buildTime = buildTime;
    this.epochTime = epochTime;
  }

  /** The val_top1 this trainer reports at {@code epoch} for learning rate {@code lr}. */
  static double valTop1(double lr, int epoch) {
    return Math.min(0.99, 0.3 + 10 * lr + 0.05 * epoch);
  }

  @Override
  public TrainingOutcome train(TrainingSettings settings, EpochListener listener)
      throws TrainingException {
    sleep(buildTime);
    listener.onModelReady(1_000, 10_000, settings.gist() ? 10 : 0, "cpu()");
    List<EpochResult> epochs = new ArrayList<>();
    double best = Double.NEGATIVE_INFINITY;
    int bestEpoch = 0;
    boolean stopped = false;
    for (int e = 1; e <= settings.epochs() && !stopped; e++) {
      sleep(epochTime);
      double v = valTop1(settings.lr(), e);
      EpochResult r =
          new EpochResult(
              e, 1.0 / e, 1.0 / e, 0, 0, 0, v, settings.lr(), epochTime.toMillis() / 1000.0, 100);
      epochs.add(r);
      if (v > best) {
        best = v;
        bestEpoch = e;
      }
      stopped = listener.onEpoch(r) == EpochDecision.STOP && e < settings.epochs();
    }
    double last = epochs.get(epochs.size() - 1).valTop1();
    return new TrainingOutcome(
        best, bestEpoch, last, epochs.size(), stopped, 1_000, 10_000, 0, 900, 100, epochs);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("training interrupted", e);
    }
  }
}
