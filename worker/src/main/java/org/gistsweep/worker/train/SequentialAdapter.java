package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * A Houlsby-style sequential adapter {@code z + up(GELU(down(z)))}, d -> adapter_dim -> d, placed
 * on a sub-layer's output before the residual add. Trunc-normal(0.02) weights and zero biases: the
 * adapter starts near the identity. Names {@code
 * blocks.{i}.adapter_attn|adapter_mlp.down|up.weight|bias}.
 */
final class SequentialAdapter extends VitLayer {
  private final Dense down;
  private final Dense up;

  SequentialAdapter(ParamTable table, String prefix, int dim, int bottleneck) {
    this.down =
        addChildBlock("down", new Dense(table, prefix + "down", ParamGroup.PEFT, dim, bottleneck));
    this.up =
        addChildBlock("up", new Dense(table, prefix + "up", ParamGroup.PEFT, bottleneck, dim));
  }

  @Override
  NDArray apply(NDArray z, boolean training) {
    return z.add(up.apply(Activation.gelu(down.apply(z, training)), training));
  }
}
