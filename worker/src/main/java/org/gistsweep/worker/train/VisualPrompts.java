package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.gistsweep.common.spec.PeftMethod;

/**
 * VPT prompts: n learnable tokens inserted after [CLS] and the Gist token(s), so the sequence is
 * {@code [CLS, G1..Gk, P1..Pn, patches]} (no positional embedding for prompts). Shallow: one set
 * {@code vpt.prompt} (1, n, d) inserted before the first block. Deep: one set per block {@code
 * blocks.{i}.vpt.prompt}; block 0's set is inserted, every later block's set replaces the previous
 * block's prompt outputs. Init uniform(-v, v), v = sqrt(6 / (3 * patch^2 + d)) as in VPT.
 */
final class VisualPrompts {
  private final ParamTable table;
  private final List<Parameter> prompts = new ArrayList<>();
  private final int length;
  private final int dim;

  private VisualPrompts(ParamTable table, VitArch arch, PeftSpec peft) {
    this.table = table;
    this.length = peft.promptLength();
    this.dim = arch.dim();
    double v = Math.sqrt(6.0 / (3.0 * arch.patchSize() * arch.patchSize() + arch.dim()));
    Shape shape = new Shape(1, length, dim);
    if (peft.method() == PeftMethod.VPT_DEEP) {
      for (int i = 0; i < arch.depth(); i++) {
        prompts.add(table.uniform("blocks." + i + ".vpt.prompt", ParamGroup.PEFT, shape, v));
      }
    } else {
      prompts.add(table.uniform("vpt.prompt", ParamGroup.PEFT, shape, v));
    }
  }

  /** The prompts of a VPT method, else null. */
  static VisualPrompts of(ParamTable table, VitArch arch, PeftSpec peft) {
    return peft.vpt() ? new VisualPrompts(table, arch, peft) : null;
  }

  /**
   * Tokens before block {@code layer}: inserts at layer 0, replaces at later layers (deep only).
   */
  NDArray before(int layer, NDArray x, int offset) {
    if (layer == 0) {
      return NDArrays.concat(
          new NDList(x.get(":, :" + offset + ", :"), expand(x, 0), x.get(":, " + offset + ":, :")),
          1);
    }
    if (layer >= prompts.size()) {
      return x;
    }
    int end = offset + length;
    return NDArrays.concat(
        new NDList(x.get(":, :" + offset + ", :"), expand(x, layer), x.get(":, " + end + ":, :")),
        1);
  }

  /** Prompt set {@code i} broadcast to the batch, in the activation's manager. */
  private NDArray expand(NDArray x, int i) {
    long b = x.getShape().get(0);
    return x.getManager()
        .zeros(new Shape(b, length, dim), x.getDataType())
        .add(table.value(prompts.get(i)));
  }
}
