package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Conv2d with kernel = stride = patch, flattened to (B, patches, d). timm: {@code
 * patch_embed.proj}.
 */
final class PatchEmbed extends VitLayer {
  private final Parameter weight;
  private final Parameter bias;
  private final Shape patch;

  PatchEmbed(ParamTable table, int patchSize, int dim) {
    double bound = 1.0 / Math.sqrt(3.0 * patchSize * patchSize);
    Shape w = new Shape(dim, 3, patchSize, patchSize);
    this.weight =
        register(table, table.uniform("patch_embed.proj.weight", ParamGroup.BACKBONE, w, bound));
    this.bias =
        register(
            table,
            table.uniform("patch_embed.proj.bias", ParamGroup.BACKBONE, new Shape(dim), bound));
    this.patch = new Shape(patchSize, patchSize);
  }

  @Override
  NDArray apply(NDArray images, boolean training) {
    NDArray y =
        Conv2d.conv2d(
                images, value(weight), value(bias), patch, new Shape(0, 0), new Shape(1, 1), 1)
            .singletonOrThrow();
    Shape s = y.getShape();
    return y.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).transpose(0, 2, 1);
  }
}
