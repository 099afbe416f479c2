package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.gistsweep.common.spec.PeftMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny ViT saved in Google's Flax .npz layout loads to the same logits as its timm safetensors.
 */
class FlaxCheckpointTest {
  @TempDir Path dir;

  @BeforeAll
  static void engine() {
    ModelFixtures.engine();
  }

  @Test
  void flaxNpzAndTimmSafetensorsGiveTheSameLogits() throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      GistVit source =
          new GistVit(
              m,
              VitArch.VIT_TINY,
              5,
              ModelFixtures.spec(PeftMethod.LINEAR, 0),
              ModelFixtures.uniform(),
              11);
      Path timm = dir.resolve("tiny.safetensors");
      Checkpoints.save(source, timm, e -> e.group() != ParamGroup.GIST, Map.of());
      Files.writeString(
          BackboneResolver.sidecarOf(timm),
          ArchSidecar.toJson(VitArch.VIT_TINY, Map.of()),
          StandardCharsets.UTF_8);
      Path npz = dir.resolve("tiny.npz");
      Npz.write(npz, toFlax(SafeTensors.read(timm), VitArch.VIT_TINY, "opt/target/"));

      Backbone fromTimm = BackboneResolver.resolve(timm.toString(), dir);
      Backbone fromFlax = BackboneResolver.resolve(npz.toString(), dir);
      assertThat(fromFlax.arch().heads()).isEqualTo(3);
      assertThat(fromFlax.arch().depth()).isEqualTo(VitArch.VIT_TINY.depth());
      assertThat(fromFlax.tensors().keySet())
          .containsExactlyInAnyOrderElementsOf(fromTimm.tensors().keySet());

      NDArray images = m.randomNormal(new Shape(2, 3, 32, 32));
      float[] a = logits(m, fromTimm, images);
      float[] b = logits(m, fromFlax, images);
      assertThat(b).containsExactly(a, Offset.offset(1e-5f));
      assertThat(a)
          .containsExactly(
              source.forward(images, false).cls().toFloatArray(), Offset.offset(1e-5f));
    }
  }

  @Test
  void wrongAttentionKernelShapeNamesTheTensor() throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      GistVit source =
          new GistVit(
              m,
              VitArch.VIT_TINY,
              5,
              ModelFixtures.spec(PeftMethod.LINEAR, 0),
              ModelFixtures.uniform(),
              11);
      Map<String, Npz.Array> flax =
          toFlax(SafeTensorsFixture.tensors(source), VitArch.VIT_TINY, "");
      flax.put(
          "Transformer/encoderblock_1/MultiHeadDotProductAttention_1/key/kernel",
          new Npz.Array(new long[] {96, 3, 16}, new float[96 * 48], false));
      Path npz = dir.resolve("bad.npz");
      Npz.write(npz, flax);
      assertThatThrownBy(() -> BackboneResolver.resolve(npz.toString(), dir))
          .hasMessageContaining("encoderblock_1/MultiHeadDotProductAttention_1/key/kernel")
          .hasMessageContaining("[96, 3, 16]")
          .hasMessageContaining("[96, 3, 32]");
    }
  }

  private static float[] logits(NDManager m, Backbone backbone, NDArray images) {
    GistVit model =
        new GistVit(
            m,
            backbone.arch(),
            5,
            ModelFixtures.spec(PeftMethod.LINEAR, 0),
            ModelFixtures.uniform(),
            99);
    Checkpoints.load(
        model,
        backbone.tensors(),
        e -> e.group() == ParamGroup.BACKBONE || e.group() == ParamGroup.HEAD,
        backbone.source());
    return model.forward(images, false).cls().toFloatArray();
  }

  /**
   * timm -> Flax, the inverse of {@link FlaxCheckpoint}, plus a {@code pre_logits} entry to ignore.
   */
  static Map<String, Npz.Array> toFlax(
      Map<String, SafeTensors.Tensor> t, VitArch arch, String prefix) {
    long d = arch.dim();
    long h = arch.heads();
    long hd = d / h;
    Map<String, Npz.Array> f = new LinkedHashMap<>();
    put(
        f,
        prefix + "embedding/kernel",
        Layout.permute(t.get("patch_embed.proj.weight"), 2, 3, 1, 0));
    put(f, prefix + "embedding/bias", t.get("patch_embed.proj.bias"));
    put(f, prefix + "cls", t.get("cls_token"));
    put(f, prefix + "Transformer/posembed_input/pos_embedding", t.get("pos_embed"));
    for (int i = 0; i < arch.depth(); i++) {
      String p = prefix + "Transformer/encoderblock_" + i + "/";
      String b = "blocks." + i + ".";
      norm(f, p + "LayerNorm_0", t, b + "norm1");
      norm(f, p + "LayerNorm_2", t, b + "norm2");
      float[] qkvW = t.get(b + "attn.qkv.weight").data();
      float[] qkvB = t.get(b + "attn.qkv.bias").data();
      String[] parts = {"query", "key", "value"};
      for (int j = 0; j < 3; j++) {
        SafeTensors.Tensor w =
            new SafeTensors.Tensor(
                new long[] {d, d},
                Arrays.copyOfRange(qkvW, (int) (j * d * d), (int) ((j + 1) * d * d)));
        put(
            f,
            p + "MultiHeadDotProductAttention_1/" + parts[j] + "/kernel",
            Layout.reshape(Layout.transpose2(w), d, h, hd));
        put(
            f,
            p + "MultiHeadDotProductAttention_1/" + parts[j] + "/bias",
            new SafeTensors.Tensor(
                new long[] {h, hd}, Arrays.copyOfRange(qkvB, (int) (j * d), (int) ((j + 1) * d))));
      }
      put(
          f,
          p + "MultiHeadDotProductAttention_1/out/kernel",
          Layout.reshape(Layout.transpose2(t.get(b + "attn.proj.weight")), h, hd, d));
      put(f, p + "MultiHeadDotProductAttention_1/out/bias", t.get(b + "attn.proj.bias"));
      dense(f, p + "MlpBlock_3/Dense_0", t, b + "mlp.fc1");
      dense(f, p + "MlpBlock_3/Dense_1", t, b + "mlp.fc2");
    }
    norm(f, prefix + "Transformer/encoder_norm", t, "norm");
    dense(f, prefix + "head", t, "head");
    f.put(prefix + "pre_logits/kernel", new Npz.Array(new long[] {2, 2}, new float[4], false));
    return f;
  }

  private static void put(Map<String, Npz.Array> f, String name, SafeTensors.Tensor t) {
    f.put(name, new Npz.Array(t.shape(), t.data(), false));
  }

  private static void norm(
      Map<String, Npz.Array> f, String flax, Map<String, SafeTensors.Tensor> t, String timm) {
    put(f, flax + "/scale", t.get(timm + ".weight"));
    put(f, flax + "/bias", t.get(timm + ".bias"));
  }

  private static void dense(
      Map<String, Npz.Array> f, String flax, Map<String, SafeTensors.Tensor> t, String timm) {
    put(f, flax + "/kernel", Layout.transpose2(t.get(timm + ".weight")));
    put(f, flax + "/bias", t.get(timm + ".bias"));
  }
}
