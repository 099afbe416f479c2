package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;

/** LayerNorm over the last (feature) axis, eps 1e-6, timm names {@code .weight} / {@code .bias}. */
final class Norm extends VitLayer {
  private static final float EPS = 1e-6f;
  private final Parameter weight;
  private final Parameter bias;
  private final Shape normalized;

  Norm(ParamTable table, String name, long dim) {
    this.weight =
        register(table, table.constant(name + ".weight", ParamGroup.BACKBONE, new Shape(dim), 1f));
    this.bias =
        register(table, table.constant(name + ".bias", ParamGroup.BACKBONE, new Shape(dim), 0f));
    this.normalized = new Shape(dim);
  }

  @Override
  NDArray apply(NDArray x, boolean training) {
    return LayerNorm.layerNorm(x, normalized, value(weight), value(bias), EPS).singletonOrThrow();
  }
}
