package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW as in PyTorch (decoupled weight decay {@code p *= 1 - lr * wd} before the Adam step, bias
 * correction, eps added to the corrected second-moment root). Decay applies to tensors with more
 * than one dimension (Gist token included), never to biases or norm parameters.
 *
 * <p>Updates run outside any gradient collector (grad mode off), in place on the parameter arrays,
 * and clear the gradients. Temporaries live in the caller's step manager. Under mixed precision the
 * gradients arrive on the FP16 compute copies: they are widened and divided by the loss scale, the
 * FP32 masters are updated, and the copies are refreshed from them.
 */
final class AdamW {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPS = 1e-8f;

  private record Slot(
      String name, NDArray param, NDArray gradSource, NDArray m, NDArray v, boolean decay) {}

  /**
   * The first and second moments of the trainable tensor {@code name} (checkpointed, restored in
   * place).
   */
  record Moments(String name, NDArray m, NDArray v) {}

  private final List<Slot> slots = new ArrayList<>();
  private final double weightDecay;
  private int step;

  /**
   * An optimizer over {@code trainable}, reading gradients from their compute copies in {@code
   * table}.
   */
  AdamW(
      List<ParamTable.Entry> trainable,
      ParamTable table,
      double weightDecay,
      NDManager stateManager) {
    this.weightDecay = weightDecay;
    for (ParamTable.Entry e : trainable) {
      NDArray p = e.array();
      slots.add(
          new Slot(
              e.name(),
              p,
              table.value(e.parameter()),
              stateManager.zeros(p.getShape()),
              stateManager.zeros(p.getShape()),
              !e.isBiasLike()));
    }
  }

  /** Applies one update at learning rate {@code lr}; temporaries go to {@code stepManager}. */
  void step(double lr, NDManager stepManager) {
    step(lr, 1, stepManager);
  }

  /**
   * Applies one update at learning rate {@code lr} to gradients of a loss multiplied by {@code
   * lossScale}; temporaries go to {@code stepManager}.
   */
  void step(double lr, double lossScale, NDManager stepManager) {
    step++;
    float bc1 = (float) (1 - Math.pow(BETA1, step));
    float bc2 = (float) (1 - Math.pow(BETA2, step));
    for (Slot s : slots) {
      NDArray raw = gradient(s);
      if (raw == null) {
        continue;
      }
      raw.attach(stepManager);
      NDArray g = raw.getDataType() == DataType.FLOAT32 ? raw : raw.toType(DataType.FLOAT32, false);
      g.attach(stepManager);
      if (lossScale != 1) {
        g = g.div((float) lossScale);
      }
      if (s.decay() && weightDecay > 0) {
        s.param().muli((float) (1 - lr * weightDecay));
      }
      s.m().muli(BETA1).addi(g.mul(1 - BETA1));
      s.v().muli(BETA2).addi(g.square().muli(1 - BETA2));
      NDArray denom = g.zerosLike().addi(s.v()).divi(bc2).sqrt().addi(EPS);
      NDArray update = g.zerosLike().addi(s.m()).divi(bc1).divi(denom).muli((float) lr);
      s.param().subi(update);
      raw.subi(raw);
      if (s.gradSource() != s.param()) {
        NDArray narrowed = s.param().toType(s.gradSource().getDataType(), false);
        narrowed.attach(stepManager);
        s.gradSource().subi(s.gradSource()).addi(narrowed);
      }
    }
  }

  /**
   * Whether every gradient is finite (one device sync: the sum of all gradients is finite exactly
   * when each is). Used with a dynamic loss scale, where overflow skips the step.
   */
  boolean gradientsFinite(NDManager stepManager) {
    NDArray total = null;
    for (Slot s : slots) {
      NDArray g = gradient(s);
      if (g != null) {
        g.attach(stepManager);
        NDArray sum = g.toType(DataType.FLOAT32, false).sum();
        sum.attach(stepManager);
        total = total == null ? sum : total.add(sum);
      }
    }
    return total == null || Float.isFinite(total.getFloat());
  }

  /** Clears every gradient without updating (a skipped step). */
  void zeroGradients(NDManager stepManager) {
    for (Slot s : slots) {
      NDArray g = gradient(s);
      if (g != null) {
        g.attach(stepManager);
        g.subi(g);
      }
    }
  }

  private static NDArray gradient(Slot s) {
    try {
      return s.gradSource().getGradient();
    } catch (IllegalStateException e) {
      return null;
    }
  }

  /** The arrays that receive gradients (the compute copies under mixed precision). */
  List<NDArray> parameters() {
    return slots.stream().map(Slot::gradSource).toList();
  }

  int steps() {
    return step;
  }

  /** The moments of every trainable tensor, in the trainable set's order. */
  List<Moments> moments() {
    return slots.stream().map(s -> new Moments(s.name(), s.m(), s.v())).toList();
  }

  /**
   * Continues from a checkpoint that had taken {@code steps} updates (its moments are copied in
   * separately).
   */
  void resumeAt(int steps) {
    this.step = steps;
  }
}
