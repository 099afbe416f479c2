package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Multi-head self-attention with a fused qkv projection (timm {@code attn.qkv}, {@code attn.proj}),
 * optionally with SSF after qkv and proj ({@code attn.qkv.ssf_*}, {@code attn.proj.ssf_*}), or with
 * LoRA deltas on q and v ({@code attn.lora_q.a|b}, {@code attn.lora_v.a|b}).
 */
final class Attention extends VitLayer {
  private final Dense qkv;
  private final Dense proj;
  private final LoraDelta loraQ;
  private final LoraDelta loraV;
  private final Ssf qkvSsf;
  private final Ssf projSsf;
  private final int heads;
  private final int dim;

  Attention(ParamTable table, String prefix, int dim, int heads, PeftSpec peft) {
    this.dim = dim;
    this.heads = heads;
    this.qkv =
        addChildBlock("qkv", new Dense(table, prefix + "qkv", ParamGroup.BACKBONE, dim, 3L * dim));
    this.proj =
        addChildBlock("proj", new Dense(table, prefix + "proj", ParamGroup.BACKBONE, dim, dim));
    this.qkvSsf = Ssf.after(table, prefix + "qkv", 3L * dim, peft);
    this.projSsf = Ssf.after(table, prefix + "proj", dim, peft);
    if (peft.lora()) {
      loraQ =
          addChildBlock(
              "lora_q",
              new LoraDelta(table, prefix + "lora_q", dim, dim, peft.loraRank(), peft.loraAlpha()));
      loraV =
          addChildBlock(
              "lora_v",
              new LoraDelta(table, prefix + "lora_v", dim, dim, peft.loraRank(), peft.loraAlpha()));
    } else {
      loraQ = null;
      loraV = null;
    }
  }

  @Override
  NDArray apply(NDArray x, boolean training) {
    Shape s = x.getShape();
    long b = s.get(0);
    long n = s.get(1);
    int headDim = dim / heads;
    NDArray fused = Ssf.apply(qkvSsf, qkv.apply(x, training));
    if (loraQ != null) {
      NDList parts = fused.split(3, 2);
      NDArray q = parts.get(0).add(loraQ.apply(x, training));
      NDArray v = parts.get(2).add(loraV.apply(x, training));
      fused = NDArrays.concat(new NDList(q, parts.get(1), v), 2);
    }
    NDArray t = fused.reshape(b, n, 3, heads, headDim).transpose(2, 0, 3, 1, 4);
    NDArray q = t.get(0).mul(scalar(x, 1.0 / Math.sqrt(headDim)));
    NDArray k = t.get(1);
    NDArray v = t.get(2);
    NDArray attn = q.matMul(k.transpose(0, 1, 3, 2)).softmax(-1);
    NDArray out = attn.matMul(v).transpose(0, 2, 1, 3).reshape(b, n, dim);
    return Ssf.apply(projSsf, proj.apply(out, training));
  }
}
