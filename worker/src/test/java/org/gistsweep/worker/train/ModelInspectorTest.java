package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.gistsweep.common.spec.TrainingSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelInspectorTest {
  @TempDir Path dir;

  @BeforeAll
  static void engine() {
    ModelFixtures.engine();
  }

  static Path batch(Path dir, int n, int classes) throws IOException {
    SplittableRandom r = new SplittableRandom(5);
    float[] images = new float[n * 3 * 32 * 32];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) r.nextDouble(-1, 1);
    }
    float[] labels = new float[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % classes;
    }
    Map<String, Npz.Array> arrays = new LinkedHashMap<>();
    arrays.put("images", new Npz.Array(new long[] {n, 3, 32, 32}, images, false));
    arrays.put("labels", new Npz.Array(new long[] {n}, labels, true));
    Path file = dir.resolve("batch.npz");
    Npz.write(file, arrays);
    return file;
  }

  @Test
  void inspectsACheckpointWithItsTrainablePartsAndReportsEveryLossTerm() throws IOException {
    TrainingSettings s = ModelFixtures.settings("peft", "sequential_adapter", "gist", true);
    Path ckpt = dir.resolve("m.safetensors");
    ModelInspector.writeCheckpoint("vit-tiny", 4, s, ckpt);
    assertThat(SafeTensors.read(ckpt))
        .containsKeys("gist.token", "blocks.0.adapter_attn.down.weight", "head.bias");

    ModelInspector.Inspection r = ModelInspector.inspect(ckpt, "vit-tiny", s, batch(dir, 3, 4));

    assertThat(r.clsLogits()).hasNumberOfRows(3);
    assertThat(r.clsLogits()[0]).hasSize(4);
    assertThat(r.gistLogits()).hasNumberOfRows(3);
    assertThat(r.total())
        .isCloseTo(
            r.ceCls() + 0.5 * r.ceGist() + 0.75 * r.klClsGist() + 0.75 * r.klGistCls(),
            within(1e-4));
    assertThat(r.toJson()).contains("\"ce_cls\"", "\"kl_gist_cls\"", "\"gist_logits\"");
    // arch from the sidecar written beside the checkpoint gives the same answer
    assertThat(ModelInspector.inspect(ckpt, null, s, batch(dir, 3, 4)).total())
        .isEqualTo(r.total());
  }

  @Test
  void aCheckpointWithoutTheMethodsPartsIsAnErrorNamingTheTensor() throws IOException {
    Path ckpt = dir.resolve("a.safetensors");
    ModelInspector.writeCheckpoint("vit-tiny", 4, ModelFixtures.settings("peft", "adapter"), ckpt);
    TrainingSettings lora = ModelFixtures.settings("peft", "lora", "gist", false);
    assertThatThrownBy(() -> ModelInspector.inspect(ckpt, "vit-tiny", lora, batch(dir, 2, 4)))
        .isInstanceOf(TrainingException.class)
        .hasMessageContaining("blocks.0.attn.lora_q.a");
  }

  @Test
  void countsFollowTheSettings() {
    ModelInspector.Counts on =
        ModelInspector.count(
            "vit-tiny", 10, ModelFixtures.settings("peft", "vpt_deep", "prompt_length", 5));
    ModelInspector.Counts off =
        ModelInspector.count(
            "vit-tiny",
            10,
            ModelFixtures.settings("peft", "vpt_deep", "prompt_length", 5, "gist", false));
    assertThat(on.peft()).isEqualTo(4L * 5 * 96);
    assertThat(on.trainable() - off.trainable()).isEqualTo(96);
    assertThat(on.toJson()).contains("\"gist_params\": 96", "\"head_params\": 970");
  }
}
