package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.worker.data.Normalization;
import org.gistsweep.worker.data.VtabDataset;

/**
 * The epoch loop of one trial: seeded shuffling, one {@link ThreadGradientCollector} per step (so
 * several trials may train at once on different threads of one JVM), AdamW with the per-epoch
 * schedule, evaluation of s_cls top-1 after every epoch, the listener's decision at each epoch
 * boundary. Every step's activations live in a sub-manager closed at the end of the step, so memory
 * stays flat. With a dynamic {@link LossScale} (FP16), a step whose gradients overflowed is
 * skipped.
 */
final class TrainingRun {
  private final GistVit model;
  private final GistLoss loss;
  private final AdamW optimizer;
  private final LrSchedule schedule;
  private final VtabDataset train;
  private final VtabDataset eval;
  private final Normalization norm;
  private final int batchSize;
  private final NDManager manager;
  private final LossScale lossScale;
  private final BatchStaging staging = new BatchStaging();

  TrainingRun(
      GistVit model,
      GistLoss loss,
      AdamW optimizer,
      LrSchedule schedule,
      VtabDataset train,
      VtabDataset eval,
      Normalization norm,
      int batchSize,
      NDManager manager) {
    this(model, loss, optimizer, schedule, train, eval, norm, batchSize, manager, LossScale.none());
  }

  TrainingRun(
      GistVit model,
      GistLoss loss,
      AdamW optimizer,
      LrSchedule schedule,
      VtabDataset train,
      VtabDataset eval,
      Normalization norm,
      int batchSize,
      NDManager manager,
      LossScale lossScale) {
    this.lossScale = lossScale;
    this.model = model;
    this.loss = loss;
    this.optimizer = optimizer;
    this.schedule = schedule;
    this.train = train;
    this.eval = eval;
    this.norm = norm;
    this.batchSize = batchSize;
    this.manager = manager;
  }

  /**
   * The epochs run and whether the listener stopped the trial before its last epoch (or mid-epoch).
   */
  record Result(List<EpochResult> epochs, boolean stopped) {}

  /** Thrown inside the step loop when the listener asks to stop between steps. */
  private static final class StoppedBetweenSteps extends RuntimeException {
    StoppedBetweenSteps() {
      super(null, null, false, false);
    }
  }

  /**
   * Called after each epoch's evaluation, before the listener hears of it: stores the epoch's
   * checkpoint if one is due and returns it, or {@code null}.
   */
  @FunctionalInterface
  interface AfterEpoch {
    ArtifactRef after(EpochResult epoch, List<EpochResult> history, boolean handBack);
  }

  /** Runs up to {@code schedule.epochs()} epochs; {@code firstOrder} is epoch 1's order. */
  Result run(SplittableRandom rng, int[] firstOrder, EpochListener listener) {
    return run(rng, firstOrder, listener, List.of(), (r, history, handBack) -> null);
  }

  /**
   * Runs the epochs after those of {@code done} (epochs 1..k of a resumed checkpoint, whose model
   * and optimizer state are loaded already) up to {@code schedule.epochs()}. {@code rng} has drawn
   * only {@code firstOrder}: the k - 1 orders after it are drawn again and dropped, so epoch k + 1
   * sees the order an unbroken run would. The result's epochs include {@code done}.
   */
  Result run(
      SplittableRandom rng,
      int[] firstOrder,
      EpochListener listener,
      List<EpochResult> done,
      AfterEpoch afterEpoch) {
    List<EpochResult> results = new ArrayList<>(done);
    int[] order = firstOrder;
    for (int i = 1; i < done.size(); i++) {
      Batches.shuffled(train.size(), rng);
    }
    for (int e = done.size(); e < schedule.epochs(); e++) {
      if (e > 0) {
        order = Batches.shuffled(train.size(), rng);
      }
      double lr = schedule.at(e);
      long start = System.nanoTime();
      double[] sums;
      try {
        sums = trainEpoch(order, lr, e + 1, listener);
      } catch (StoppedBetweenSteps stop) {
        return new Result(results, true);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double top1 = evaluate();
      int steps = (int) sums[5];
      EpochResult r =
          new EpochResult(
              e + 1,
              sums[0] / steps,
              sums[1] / steps,
              sums[2] / steps,
              sums[3] / steps,
              sums[4] / steps,
              top1,
              lr,
              seconds,
              train.size() / seconds);
      results.add(r);
      ArtifactRef checkpoint =
          afterEpoch.after(r, List.copyOf(results), listener.handBackAfter(e + 1));
      if (listener.onEpoch(r, checkpoint) == EpochDecision.STOP) {
        return new Result(results, e + 1 < schedule.epochs());
      }
    }
    return new Result(results, false);
  }

  private double[] trainEpoch(int[] order, double lr, int epoch, EpochListener listener) {
    double[] sums = new double[6];
    int step = 0;
    for (int from = 0; from < order.length; from += batchSize) {
      step++;
      int[] idx = Batches.slice(order, from, batchSize);
      try (NDManager batch = manager.newSubManager()) {
        NDArray images = staging.images(train, idx, norm, batch);
        try (GradientCollector gc = new ThreadGradientCollector(optimizer.parameters())) {
          GistLoss.Terms t = loss.compute(model.forward(images, true), train.labels(idx));
          float total = t.total().getFloat();
          if (!Float.isFinite(total)) {
            throw new TrainingException(
                TrainingException.DIVERGED,
                "diverged at epoch "
                    + epoch
                    + ", step "
                    + step
                    + " (loss "
                    + total
                    + ", lr "
                    + lr
                    + ")",
                false,
                null);
          }
          sums[0] += total;
          sums[1] += t.ceCls().getFloat();
          if (t.ceGist() != null) {
            sums[2] += t.ceGist().getFloat();
            sums[3] += t.klClsGist().getFloat();
            sums[4] += t.klGistCls().getFloat();
          }
          gc.backward(
              lossScale.isDynamic()
                  ? t.total().mul(batch.create((float) lossScale.value()))
                  : t.total());
        }
        double scale = lossScale.value();
        if (lossScale.update(!lossScale.isDynamic() || optimizer.gradientsFinite(batch))) {
          optimizer.step(lr, scale, batch);
        } else {
          optimizer.zeroGradients(batch);
        }
      }
      listener.onStep(epoch, step);
      if (listener.stopRequested()) {
        throw new StoppedBetweenSteps();
      }
    }
    sums[5] = step;
    return sums;
  }

  /** Top-1 of s_cls on the evaluation split, as a fraction. */
  double evaluate() {
    return new Evaluation(model, eval, norm, batchSize, manager, staging).top1();
  }
}
