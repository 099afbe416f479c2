package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;

/**
 * A pre-norm ViT block with optional shared parallel adapter:
 *
 * <pre>
 *   h = x + DropPath(MHSA(LN1(x))) [+ A(x)]
 *   y = h + DropPath(MLP(LN2(h)))  [+ A(h)]
 * </pre>
 */
final class VitBlock extends VitLayer {
  private final Norm norm1;
  private final Attention attn;
  private final Norm norm2;
  private final Mlp mlp;
  private final SharedAdapter adapter;
  private final double dropPath;

  VitBlock(ParamTable table, int index, VitArch arch, PeftSpec peft, double dropPath) {
    String p = "blocks." + index + ".";
    int d = arch.dim();
    this.norm1 = addChildBlock("norm1", new Norm(table, p + "norm1", d));
    this.attn = addChildBlock("attn", new Attention(table, p + "attn.", d, arch.heads(), peft));
    this.norm2 = addChildBlock("norm2", new Norm(table, p + "norm2", d));
    this.mlp = addChildBlock("mlp", new Mlp(table, p + "mlp.", d, d * arch.mlpRatio()));
    this.adapter = peft.adapter()
        ? addChildBlock("adapter", new SharedAdapter(table, p + "adapter.", d, peft.adapterDim(), peft.adapterScale()))
        : null;
    this.dropPath = dropPath;
  }

  @Override
  NDArray apply(NDArray x, boolean training) {
    NDArray h = x.add(dropPath(attn.apply(norm1.apply(x, training), training), training));
    if (adapter != null) {
      h = h.add(adapter.apply(x, training));
    }
    NDArray y = h.add(dropPath(mlp.apply(norm2.apply(h, training), training), training));
    if (adapter != null) {
      y = y.add(adapter.apply(h, training));
    }
    return y;
  }

  /** Stochastic depth: zeroes a branch per sample with probability p, scales survivors by 1/(1-p). */
  private NDArray dropPath(NDArray branch, boolean training) {
    if (!training || dropPath <= 0) {
      return branch;
    }
    long b = branch.getShape().get(0);
    NDArray keep = branch.getManager().randomUniform(0f, 1f, new ai.djl.ndarray.types.Shape(b, 1, 1))
        .lt(scalar(branch, 1 - dropPath)).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
    return branch.mul(keep).mul(scalar(branch, 1.0 / (1 - dropPath)));
  }
}
