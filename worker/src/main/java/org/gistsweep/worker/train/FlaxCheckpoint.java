package org.gistsweep.worker.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts Google's Flax ViT checkpoints ({@code ViT-B_16.npz}, AugReg {@code B_16-i21k-...npz};
 * keys may carry an {@code opt/target/} prefix) to timm names and layouts: patch kernel HWIO ->
 * OIHW, per-head query/key/value kernels (d, heads, d/heads) fused into {@code attn.qkv} (3d, d),
 * {@code out} kernel (heads, d/heads, d) -> {@code attn.proj} (d, d), Dense kernels transposed,
 * LayerNorm {@code scale} -> {@code weight}. {@code head} is converted when present (callers skip
 * it when the class count differs); {@code pre_logits} is ignored.
 */
final class FlaxCheckpoint {
  private static final String PREFIX = "opt/target/";
  private static final String BLOCK = "Transformer/encoderblock_";

  /**
   * The converted tensors and the head count read from the attention kernels.
   *
   * @param tensors timm-named tensors
   * @param heads attention heads
   */
  record Converted(Map<String, SafeTensors.Tensor> tensors, int heads) {}

  private final Map<String, Npz.Array> flax = new LinkedHashMap<>();
  private final String source;

  private FlaxCheckpoint(Map<String, Npz.Array> raw, String source) {
    raw.forEach((k, v) -> flax.put(k.startsWith(PREFIX) ? k.substring(PREFIX.length()) : k, v));
    this.source = source;
  }

  /** Converts the arrays of a Flax {@code .npz} read from {@code source}. */
  static Converted toTimm(Map<String, Npz.Array> raw, String source) {
    return new FlaxCheckpoint(raw, source).convert();
  }

  private Converted convert() {
    Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
    SafeTensors.Tensor kernel = get("embedding/kernel", 4);
    long d = kernel.shape()[3];
    out.put("patch_embed.proj.weight", Layout.permute(kernel, 3, 2, 0, 1));
    out.put("patch_embed.proj.bias", get("embedding/bias", 1));
    out.put("cls_token", get("cls", 3));
    out.put("pos_embed", get("Transformer/posembed_input/pos_embedding", 3));
    int heads = (int) get(BLOCK + "0/MultiHeadDotProductAttention_1/query/kernel", 3).shape()[1];
    long hd = d / heads;
    for (int i = 0; flax.containsKey(BLOCK + i + "/LayerNorm_0/scale"); i++) {
      String f = BLOCK + i + "/";
      String t = "blocks." + i + ".";
      norm(out, f + "LayerNorm_0", t + "norm1");
      String attn = f + "MultiHeadDotProductAttention_1/";
      SafeTensors.Tensor[] w = new SafeTensors.Tensor[3];
      SafeTensors.Tensor[] b = new SafeTensors.Tensor[3];
      String[] parts = {"query", "key", "value"};
      for (int j = 0; j < 3; j++) {
        w[j] =
            Layout.transpose2(
                Layout.reshape(expect(attn + parts[j] + "/kernel", d, heads, hd), d, d));
        b[j] = Layout.reshape(expect(attn + parts[j] + "/bias", heads, hd), d);
      }
      out.put(t + "attn.qkv.weight", Layout.concat(w, 3 * d, d));
      out.put(t + "attn.qkv.bias", Layout.concat(b, 3 * d));
      out.put(
          t + "attn.proj.weight",
          Layout.transpose2(Layout.reshape(expect(attn + "out/kernel", heads, hd, d), d, d)));
      out.put(t + "attn.proj.bias", expect(attn + "out/bias", d));
      norm(out, f + "LayerNorm_2", t + "norm2");
      dense(out, f + "MlpBlock_3/Dense_0", t + "mlp.fc1");
      dense(out, f + "MlpBlock_3/Dense_1", t + "mlp.fc2");
    }
    norm(out, "Transformer/encoder_norm", "norm");
    if (flax.containsKey("head/kernel")) {
      dense(out, "head", "head");
    }
    return new Converted(out, heads);
  }

  private void norm(Map<String, SafeTensors.Tensor> out, String flaxName, String timmName) {
    out.put(timmName + ".weight", get(flaxName + "/scale", 1));
    out.put(timmName + ".bias", get(flaxName + "/bias", 1));
  }

  private void dense(Map<String, SafeTensors.Tensor> out, String flaxName, String timmName) {
    out.put(timmName + ".weight", Layout.transpose2(get(flaxName + "/kernel", 2)));
    out.put(timmName + ".bias", get(flaxName + "/bias", 1));
  }

  private SafeTensors.Tensor get(String name, int rank) {
    Npz.Array a = flax.get(name);
    if (a == null) {
      throw new TrainingException(
          TrainingException.CHECKPOINT,
          "Flax checkpoint "
              + source
              + " has no tensor "
              + name
              + " (with or without the "
              + PREFIX
              + " prefix)",
          false,
          null);
    }
    if (a.shape().length != rank) {
      throw mismatch(name, "rank " + rank, a.shape());
    }
    return new SafeTensors.Tensor(a.shape(), a.data());
  }

  private SafeTensors.Tensor expect(String name, long... shape) {
    SafeTensors.Tensor t = get(name, shape.length);
    if (!Arrays.equals(t.shape(), shape)) {
      throw mismatch(name, Arrays.toString(shape), t.shape());
    }
    return t;
  }

  private TrainingException mismatch(String name, String expected, long[] found) {
    return new TrainingException(
        TrainingException.CHECKPOINT,
        "Flax checkpoint "
            + source
            + ": tensor "
            + name
            + " has shape "
            + Arrays.toString(found)
            + ", expected "
            + expected,
        false,
        null);
  }
}
