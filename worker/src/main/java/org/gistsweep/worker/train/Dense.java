package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/** A fully connected layer, weight (out, in) as in PyTorch, trunc-normal(0.02) init, zero bias. */
final class Dense extends VitLayer {
  private final Parameter weight;
  private final Parameter bias;

  Dense(ParamTable table, String name, ParamGroup group, long in, long out) {
    this.weight =
        register(table, table.truncNormal(name + ".weight", group, new Shape(out, in), 0.02));
    this.bias = register(table, table.constant(name + ".bias", group, new Shape(out), 0f));
  }

  @Override
  NDArray apply(NDArray x, boolean training) {
    return Linear.linear(x, value(weight), value(bias)).singletonOrThrow();
  }
}
