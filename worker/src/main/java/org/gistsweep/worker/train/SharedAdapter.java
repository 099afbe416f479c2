package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * GIST's reference "shared parallel adapter": {@code scale * up(GELU(down(x)))}, d -> adapter_dim
 * -> d, trunc-normal(0.02) weights and zero biases (the up-projection is not zero-initialised). One
 * instance per block, applied twice (beside MHSA and beside the MLP). Names {@code
 * blocks.{i}.adapter.down|up.weight|bias}.
 */
final class SharedAdapter extends VitLayer {
  private final Dense down;
  private final Dense up;
  private final double scale;

  SharedAdapter(ParamTable table, String prefix, int dim, int bottleneck, double scale) {
    this.down =
        addChildBlock("down", new Dense(table, prefix + "down", ParamGroup.PEFT, dim, bottleneck));
    this.up =
        addChildBlock("up", new Dense(table, prefix + "up", ParamGroup.PEFT, bottleneck, dim));
    this.scale = scale;
  }

  @Override
  NDArray apply(NDArray x, boolean training) {
    return up.apply(Activation.gelu(down.apply(x, training)), training).mul(scalar(x, scale));
  }
}
