package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** The block MLP: fc1 (d -> ratio*d), exact GELU, fc2 (ratio*d -> d). timm {@code mlp.fc1/fc2}. */
final class Mlp extends VitLayer {
  private final Dense fc1;
  private final Dense fc2;

  Mlp(ParamTable table, String prefix, int dim, int hidden) {
    this.fc1 = addChildBlock("fc1", new Dense(table, prefix + "fc1", ParamGroup.BACKBONE, dim, hidden));
    this.fc2 = addChildBlock("fc2", new Dense(table, prefix + "fc2", ParamGroup.BACKBONE, hidden, dim));
  }

  @Override
  NDArray apply(NDArray x, boolean training) {
    return fc2.apply(Activation.gelu(fc1.apply(x, training)), training);
  }
}
