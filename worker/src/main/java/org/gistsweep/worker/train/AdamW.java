package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW as in PyTorch (decoupled weight decay {@code p *= 1 - lr * wd} before the Adam step, bias
 * correction, eps added to the corrected second-moment root). Decay applies to tensors with more
 * than one dimension (Gist token included), never to biases or norm parameters.
 *
 * <p>Updates run outside any gradient collector (grad mode off), in place on the parameter arrays,
 * and clear the gradients. Temporaries live in the caller's step manager.
 */
final class AdamW {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPS = 1e-8f;

  private record Slot(NDArray param, NDArray m, NDArray v, boolean decay) {}

  private final List<Slot> slots = new ArrayList<>();
  private final double weightDecay;
  private int step;

  AdamW(List<ParamTable.Entry> trainable, double weightDecay, NDManager stateManager) {
    this.weightDecay = weightDecay;
    for (ParamTable.Entry e : trainable) {
      NDArray p = e.array();
      slots.add(new Slot(p, stateManager.zeros(p.getShape()), stateManager.zeros(p.getShape()), !e.isBiasLike()));
    }
  }

  /** Applies one update at learning rate {@code lr}; temporaries go to {@code stepManager}. */
  void step(double lr, NDManager stepManager) {
    step++;
    float bc1 = (float) (1 - Math.pow(BETA1, step));
    float bc2 = (float) (1 - Math.pow(BETA2, step));
    for (Slot s : slots) {
      NDArray g;
      try {
        g = s.param().getGradient();
      } catch (IllegalStateException e) {
        continue;
      }
      g.attach(stepManager);
      if (s.decay() && weightDecay > 0) {
        s.param().muli((float) (1 - lr * weightDecay));
      }
      s.m().muli(BETA1).addi(g.mul(1 - BETA1));
      s.v().muli(BETA2).addi(g.square().muli(1 - BETA2));
      NDArray denom = g.zerosLike().addi(s.v()).divi(bc2).sqrt().addi(EPS);
      NDArray update = g.zerosLike().addi(s.m()).divi(bc1).divi(denom).muli((float) lr);
      s.param().subi(update);
      g.subi(g);
    }
  }

  /** The parameter arrays this optimizer updates. */
  List<NDArray> parameters() {
    return slots.stream().map(Slot::param).toList();
  }

  int steps() {
    return step;
  }
}
