package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/**
 * The low-rank update {@code (alpha / r) * B A x} of LoRA: A (r, in) kaiming-uniform as in loralib,
 * B (out, r) zero-initialised, so training starts from the pretrained function. No biases.
 */
final class LoraDelta extends VitLayer {
  private final Parameter a;
  private final Parameter b;
  private final double scale;

  LoraDelta(ParamTable table, String name, long in, long out, int rank, double alpha) {
    this.a =
        register(
            table,
            table.uniform(name + ".a", ParamGroup.PEFT, new Shape(rank, in), 1.0 / Math.sqrt(in)));
    this.b =
        register(table, table.constant(name + ".b", ParamGroup.PEFT, new Shape(out, rank), 0f));
    this.scale = alpha / rank;
  }

  @Override
  NDArray apply(NDArray x, boolean training) {
    NDArray down = Linear.linear(x, value(a)).singletonOrThrow();
    return Linear.linear(down, value(b)).singletonOrThrow().mul(scalar(x, scale));
  }
}
