package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The block MLP: fc1 (d -> ratio*d), exact GELU, fc2 (ratio*d -> d). timm {@code mlp.fc1/fc2}; with
 * SSF a scale-and-shift after each linear (before the GELU, as in SSF's code).
 */
final class Mlp extends VitLayer {
  private final Dense fc1;
  private final Dense fc2;
  private final Ssf ssf1;
  private final Ssf ssf2;

  Mlp(ParamTable table, String prefix, int dim, int hidden, PeftSpec peft) {
    this.fc1 =
        addChildBlock("fc1", new Dense(table, prefix + "fc1", ParamGroup.BACKBONE, dim, hidden));
    this.fc2 =
        addChildBlock("fc2", new Dense(table, prefix + "fc2", ParamGroup.BACKBONE, hidden, dim));
    this.ssf1 = Ssf.after(table, prefix + "fc1", hidden, peft);
    this.ssf2 = Ssf.after(table, prefix + "fc2", dim, peft);
  }

  @Override
  NDArray apply(NDArray x, boolean training) {
    NDArray h = Activation.gelu(Ssf.apply(ssf1, fc1.apply(x, training)));
    return Ssf.apply(ssf2, fc2.apply(h, training));
  }
}
