package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * A ViT with optional Gist tokens and one shared head.
 *
 * <p>Tokens: patch embed, prepend [CLS], add the positional embedding (1 + N), THEN insert the k
 * Gist tokens at index 1 ({@code [CLS, G1..Gk, p1..pN]}, no positional embedding for them), run the
 * blocks and the final LayerNorm. {@code s_cls = head(norm(x)[:,0])}; with k Gist tokens, {@code
 * s_gist} is the mean of the k logit vectors {@code head(norm(x)[:,j])}, j = 1..k (for k = 1
 * exactly the reference). With VPT the prompts follow the Gist tokens ({@link VisualPrompts}); with
 * SSF a scale-and-shift follows the patch embedding, every norm and linear op ({@link Ssf}).
 * Dropout on the Gist tokens is element-wise with a different mask per sample, in training only.
 */
final class GistVit extends VitLayer {
  /** Logits of one forward pass; {@code gist} is null with GIST off. */
  record Logits(NDArray cls, NDArray gist) {}

  private final VitArch arch;
  private final int classes;
  private final PeftSpec peft;
  private final ParamTable table;
  private final PatchEmbed patchEmbed;
  private final Parameter clsToken;
  private final Parameter posEmbed;
  private final Parameter gistToken;
  private final List<VitBlock> blocks = new ArrayList<>();
  private final Norm norm;
  private final Ssf patchSsf;
  private final Ssf normSsf;
  private final VisualPrompts prompts;
  private final Dense head;
  private final DropoutMasks masks;

  /** Builds and initialises the model in {@code manager}; every tensor starts frozen. */
  GistVit(
      NDManager manager,
      VitArch arch,
      int classes,
      PeftSpec peft,
      GistInitSpec gistInit,
      long seed) {
    this.arch = arch;
    this.classes = classes;
    this.peft = peft;
    this.table = new ParamTable(manager, seed);
    this.masks = new DropoutMasks(seed);
    int d = arch.dim();
    this.patchEmbed = addChildBlock("patch_embed", new PatchEmbed(table, arch.patchSize(), d));
    this.patchSsf = Ssf.after(table, "patch_embed.proj", d, peft);
    this.clsToken =
        register(
            table, table.truncNormal("cls_token", ParamGroup.BACKBONE, new Shape(1, 1, d), 0.02));
    this.posEmbed =
        register(
            table,
            table.truncNormal(
                "pos_embed", ParamGroup.BACKBONE, new Shape(1, 1 + arch.patches(), d), 0.02));
    this.gistToken =
        peft.gist()
            ? register(table, gistInit.create(table, new Shape(1, peft.gistTokens(), d)))
            : null;
    for (int i = 0; i < arch.depth(); i++) {
      double rate = arch.depth() == 1 ? 0 : peft.dropPath() * i / (arch.depth() - 1);
      blocks.add(addChildBlock("block" + i, new VitBlock(table, i, arch, peft, rate, masks)));
    }
    this.norm = addChildBlock("norm", new Norm(table, "norm", d));
    this.normSsf = Ssf.after(table, "norm", d, peft);
    this.prompts = VisualPrompts.of(table, arch, peft);
    this.head = addChildBlock("head", new Dense(table, "head", ParamGroup.HEAD, d, classes));
  }

  VitArch arch() {
    return arch;
  }

  int classes() {
    return classes;
  }

  PeftSpec peft() {
    return peft;
  }

  ParamTable table() {
    return table;
  }

  /** The source of this model's dropout and drop-path masks. */
  DropoutMasks masks() {
    return masks;
  }

  /** Patch tokens plus their positional embedding, (B, N, d), without [CLS] or Gist tokens. */
  NDArray patchTokens(NDArray images) {
    NDArray x = Ssf.apply(patchSsf, patchEmbed.apply(images, false));
    try (NDArray pos = value(posEmbed).get(":, 1:, :")) {
      return x.add(pos);
    }
  }

  /**
   * Runs the model on normalised images (B, 3, H, W). Under mixed precision the images are cast to
   * the compute type and the logits come back as FP32.
   */
  Logits forward(NDArray images, boolean training) {
    DataType compute = value(clsToken).getDataType();
    NDArray input = images.getDataType() == compute ? images : images.toType(compute, false);
    NDArray x = Ssf.apply(patchSsf, patchEmbed.apply(input, training));
    long b = x.getShape().get(0);
    NDArray cls = x.getManager().zeros(new Shape(b, 1, arch.dim()), compute).add(value(clsToken));
    x = NDArrays.concat(new NDList(cls, x), 1).add(value(posEmbed));
    int k = peft.gistTokens();
    if (k > 0) {
      NDArray g = x.getManager().zeros(new Shape(b, k, arch.dim()), compute).add(value(gistToken));
      g = gistDropout(g, training);
      x = NDArrays.concat(new NDList(x.get(":, :1, :"), g, x.get(":, 1:, :")), 1);
    }
    for (int i = 0; i < blocks.size(); i++) {
      if (prompts != null) {
        x = prompts.before(i, x, 1 + k);
      }
      x = blocks.get(i).apply(x, training);
    }
    x = Ssf.apply(normSsf, norm.apply(x, training));
    NDArray sCls = toFloat32(head.apply(x.get(":, 0, :"), training));
    NDArray sGist =
        k > 0
            ? toFloat32(head.apply(x.get(":, 1:" + (1 + k) + ", :"), training).mean(new int[] {1}))
            : null;
    return new Logits(sCls, sGist);
  }

  /**
   * {@code x} as FP32, keeping the autograd graph: DJL's {@code toType} runs without grad, so the
   * cast is an add of an FP32 zero, which type promotion widens and whose backward narrows again.
   */
  private static NDArray toFloat32(NDArray x) {
    if (x.getDataType() == DataType.FLOAT32) {
      return x;
    }
    return x.add(x.getManager().zeros(new Shape(1)));
  }

  private NDArray gistDropout(NDArray g, boolean training) {
    double p = peft.gistDropout();
    if (!training || p <= 0) {
      return g;
    }
    return g.mul(masks.inverted(g, g.getShape(), 1 - p));
  }

  @Override
  NDArray apply(NDArray x, boolean training) {
    return forward(x, training).cls();
  }
}
