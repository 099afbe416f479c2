package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gistsweep.common.spec.PeftMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path dir;

  @BeforeAll
  static void engine() {
    ModelFixtures.engine();
  }

  @Test
  void writeReadRoundTrip() throws IOException {
    Map<String, SafeTensors.Tensor> in = new LinkedHashMap<>();
    in.put("a", new SafeTensors.Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}));
    in.put("b.bias", new SafeTensors.Tensor(new long[] {1}, new float[] {Float.MIN_VALUE}));
    Path f = dir.resolve("t.safetensors");
    SafeTensors.write(f, in, Map.of("arch", "x"));

    Map<String, SafeTensors.Tensor> out = SafeTensors.read(f);

    assertThat(out.keySet()).containsExactly("a", "b.bias");
    assertThat(out.get("a").shape()).containsExactly(2, 3);
    assertThat(out.get("a").data()).containsExactly(1, 2, 3, 4, 5, -6.5f);
    assertThat(out.get("b.bias").data()).containsExactly(Float.MIN_VALUE);
  }

  @Test
  void modelRoundTripWithTimmNamesAndTrainableParts() throws IOException {
    Path f = dir.resolve("m.safetensors");
    try (NDManager m = NDManager.newBaseManager()) {
      GistVit a =
          new GistVit(
              m,
              VitArch.VIT_TINY,
              4,
              ModelFixtures.spec(PeftMethod.ADAPTER, 1),
              ModelFixtures.uniform(),
              1);
      Checkpoints.save(a, f, e -> true, Map.of());
      Map<String, SafeTensors.Tensor> t = SafeTensors.read(f);
      assertThat(t)
          .containsKeys(
              "patch_embed.proj.weight",
              "cls_token",
              "pos_embed",
              "blocks.3.attn.qkv.weight",
              "blocks.0.mlp.fc2.bias",
              "norm.weight",
              "head.weight",
              "gist.token",
              "blocks.0.adapter.down.weight",
              "blocks.0.adapter.up.bias");
      assertThat(t.get("blocks.0.attn.qkv.weight").shape()).containsExactly(3L * 96, 96);

      GistVit b =
          new GistVit(
              m,
              VitArch.VIT_TINY,
              4,
              ModelFixtures.spec(PeftMethod.ADAPTER, 1),
              ModelFixtures.uniform(),
              2);
      assertThat(b.table().get("pos_embed").array().toFloatArray())
          .isNotEqualTo(t.get("pos_embed").data());
      Checkpoints.load(b, t, e -> true, f.toString());
      assertThat(b.table().get("pos_embed").array().toFloatArray())
          .isEqualTo(t.get("pos_embed").data());
      assertThat(b.table().get("gist.token").array().toFloatArray())
          .isEqualTo(t.get("gist.token").data());
    }
  }

  @Test
  void shapeMismatchAndMissingTensorNameTheTensor() {
    try (NDManager m = NDManager.newBaseManager()) {
      GistVit model =
          new GistVit(
              m,
              VitArch.VIT_TINY,
              4,
              ModelFixtures.spec(PeftMethod.LINEAR, 0),
              ModelFixtures.uniform(),
              1);
      Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
      t.put(
          "patch_embed.proj.weight",
          new SafeTensors.Tensor(new long[] {96, 3, 8, 8}, new float[96 * 3 * 64]));
      assertThatThrownBy(() -> Checkpoints.load(model, t, Checkpoints::isBackbone, "x.safetensors"))
          .isInstanceOfSatisfying(
              TrainingException.class,
              e -> {
                assertThat(e.errorType()).isEqualTo("checkpoint");
                assertThat(e.retriable()).isFalse();
              })
          .hasMessageContaining("patch_embed.proj.weight")
          .hasMessageContaining("[96, 3, 8, 8]")
          .hasMessageContaining("[96, 3, 4, 4]");
      t.clear();
      assertThatThrownBy(() -> Checkpoints.load(model, t, Checkpoints::isBackbone, "x.safetensors"))
          .hasMessageContaining("no tensor patch_embed.proj.weight");
    }
  }
}
