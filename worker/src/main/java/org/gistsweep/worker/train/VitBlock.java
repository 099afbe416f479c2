package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A pre-norm ViT block with optional shared parallel adapter A or sequential adapters S1, S2:
 *
 * <pre>
 *   h = x + DropPath([S1](MHSA(LN1(x)))) [+ A(x)]
 *   y = h + DropPath([S2](MLP(LN2(h))))  [+ A(h)]
 * </pre>
 *
 * With SSF a scale-and-shift follows LN1 and LN2 (and the linear ops inside MHSA and MLP).
 */
final class VitBlock extends VitLayer {
  private final Norm norm1;
  private final Attention attn;
  private final Norm norm2;
  private final Mlp mlp;
  private final SharedAdapter adapter;
  private final SequentialAdapter adapterAttn;
  private final SequentialAdapter adapterMlp;
  private final Ssf ssf1;
  private final Ssf ssf2;
  private final double dropPath;
  private final DropoutMasks masks;

  VitBlock(
      ParamTable table,
      int index,
      VitArch arch,
      PeftSpec peft,
      double dropPath,
      DropoutMasks masks) {
    this.masks = masks;
    String p = "blocks." + index + ".";
    int d = arch.dim();
    this.norm1 = addChildBlock("norm1", new Norm(table, p + "norm1", d));
    this.attn = addChildBlock("attn", new Attention(table, p + "attn.", d, arch.heads(), peft));
    this.norm2 = addChildBlock("norm2", new Norm(table, p + "norm2", d));
    this.ssf1 = Ssf.after(table, p + "norm1", d, peft);
    this.ssf2 = Ssf.after(table, p + "norm2", d, peft);
    this.mlp = addChildBlock("mlp", new Mlp(table, p + "mlp.", d, d * arch.mlpRatio(), peft));
    this.adapter =
        peft.adapter()
            ? addChildBlock(
                "adapter",
                new SharedAdapter(table, p + "adapter.", d, peft.adapterDim(), peft.adapterScale()))
            : null;
    this.adapterAttn =
        peft.sequentialAdapter()
            ? addChildBlock(
                "adapter_attn",
                new SequentialAdapter(table, p + "adapter_attn.", d, peft.adapterDim()))
            : null;
    this.adapterMlp =
        peft.sequentialAdapter()
            ? addChildBlock(
                "adapter_mlp",
                new SequentialAdapter(table, p + "adapter_mlp.", d, peft.adapterDim()))
            : null;
    this.dropPath = dropPath;
  }

  @Override
  NDArray apply(NDArray x, boolean training) {
    NDArray a = attn.apply(Ssf.apply(ssf1, norm1.apply(x, training)), training);
    if (adapterAttn != null) {
      a = adapterAttn.apply(a, training);
    }
    NDArray h = x.add(dropPath(a, training));
    if (adapter != null) {
      h = h.add(adapter.apply(x, training));
    }
    NDArray f = mlp.apply(Ssf.apply(ssf2, norm2.apply(h, training)), training);
    if (adapterMlp != null) {
      f = adapterMlp.apply(f, training);
    }
    NDArray y = h.add(dropPath(f, training));
    if (adapter != null) {
      y = y.add(adapter.apply(h, training));
    }
    return y;
  }

  /**
   * Stochastic depth: zeroes a branch per sample with probability p, scales survivors by 1/(1-p).
   */
  private NDArray dropPath(NDArray branch, boolean training) {
    if (!training || dropPath <= 0) {
      return branch;
    }
    long b = branch.getShape().get(0);
    return branch.mul(masks.inverted(branch, new Shape(b, 1, 1), 1 - dropPath));
  }
}
