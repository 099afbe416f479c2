package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.gistsweep.common.spec.ArtifactsSetting;
import org.gistsweep.common.spec.PeftMethod;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.testsupport.RequiresTool;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Tool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code precision: fp16} on the CPU (libtorch runs FP16 there too, slowly): same gradients, FP32
 * results.
 */
@Tag(Tier.TRAINING)
class MixedPrecisionTest {
  @TempDir static Path root;
  @TempDir Path work;

  @BeforeAll
  static void data() throws IOException {
    ModelFixtures.engine();
    ModelFixtures.syntheticSubset(root, "mini", 32);
  }

  /** The gradients of every trainable tensor for one fixed batch, widened to FP32, by name. */
  private static Map<String, float[]> gradients(
      PeftMethod method, MixedPrecision precision, Device device) {
    try (NDManager m = NDManager.newBaseManager(device)) {
      GistVit model =
          new GistVit(
              m, VitArch.VIT_TINY, 5, ModelFixtures.spec(method, 1), ModelFixtures.uniform(), 3);
      List<ParamTable.Entry> trainable = TrainableSet.apply(model.table(), method);
      precision.castModel(model.table(), trainable);
      AdamW opt = new AdamW(trainable, model.table(), 1e-4, m);
      Map<String, float[]> out = new LinkedHashMap<>();
      try (NDManager batch = m.newSubManager()) {
        float[] pixels = new float[4 * 3 * 32 * 32];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < pixels.length; i++) {
          pixels[i] = (float) r.nextDouble(-1, 1);
        }
        NDArray images = batch.create(pixels, new Shape(4, 3, 32, 32));
        double scale = precision == MixedPrecision.FP16 ? 1024 : 1;
        try (GradientCollector gc = new ThreadGradientCollector(opt.parameters())) {
          GistVit.Logits logits = model.forward(images, false);
          assertThat(logits.cls().getDataType()).isEqualTo(DataType.FLOAT32);
          GistLoss.Terms t =
              new GistLoss(0.5, 0.75, 0.75, 3).compute(logits, new int[] {0, 1, 2, 4});
          gc.backward(t.total().mul(batch.create((float) scale)));
        }
        for (int i = 0; i < trainable.size(); i++) {
          NDArray g = opt.parameters().get(i).getGradient().toType(DataType.FLOAT32, false);
          float[] v = g.toFloatArray();
          for (int j = 0; j < v.length; j++) {
            v[j] /= (float) scale;
          }
          out.put(trainable.get(i).name(), v);
        }
      }
      return out;
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = PeftMethod.class,
      names = {"ADAPTER", "LORA", "VPT_DEEP", "SSF", "BITFIT"})
  void fp16GradientsMatchFp32WithinHalfPrecision(PeftMethod method) {
    assertSameGradients(method, Device.cpu());
  }

  @ParameterizedTest
  @EnumSource(
      value = PeftMethod.class,
      names = {"ADAPTER", "LORA", "VPT_DEEP", "SSF", "BITFIT", "FULL"})
  @Tag(Tier.GPU)
  @RequiresTool(Tool.GPU)
  void fp16GradientsMatchFp32OnTheGpu(PeftMethod method) {
    DjlCuda.assumeDjlSeesAGpu();
    assertSameGradients(method, Device.gpu());
  }

  private static void assertSameGradients(PeftMethod method, Device device) {
    Map<String, float[]> full = gradients(method, MixedPrecision.FP32, device);
    Map<String, float[]> half = gradients(method, MixedPrecision.FP16, device);
    assertThat(half.keySet()).containsExactlyElementsOf(full.keySet());
    for (String name : full.keySet()) {
      float[] a = full.get(name);
      float[] b = half.get(name);
      double dot = 0;
      double na = 0;
      double nb = 0;
      for (int i = 0; i < a.length; i++) {
        dot += a[i] * (double) b[i];
        na += a[i] * (double) a[i];
        nb += b[i] * (double) b[i];
      }
      if (na == 0) {
        assertThat(nb).as("gradient of " + name + " (zero in FP32)").isZero();
        continue;
      }
      assertThat(Math.sqrt(nb / na))
          .as("norm ratio of " + name)
          .isCloseTo(1.0, Offset.offset(0.02));
      assertThat(dot / Math.sqrt(na * nb)).as("cosine of " + name).isGreaterThan(0.999);
    }
  }

  @Test
  void fp16TrialTrainsAndSavesFp32Weights() throws IOException {
    Path dir = Files.createDirectories(work.resolve("scratch"));
    TrialTrainer trainer = GistTrainers.create(ModelFixtures.env(work, root));
    TrainingOutcome o =
        trainer.train(
            ModelFixtures.settings(
                "data_dir",
                root.toString(),
                "backbone",
                "random:vit-tiny",
                "train_split",
                "mini-train",
                "eval_split",
                "mini-test",
                "epochs",
                2,
                "batch_size",
                16,
                "precision",
                "fp16",
                "artifacts",
                "best"),
            r -> EpochDecision.CONTINUE,
            ModelFixtures.weights(ArtifactsSetting.BEST, dir));
    assertThat(o.epochsRun()).isEqualTo(2);
    assertThat(o.epochs())
        .allSatisfy(
            e -> {
              assertThat(e.trainLoss()).isFinite();
              assertThat(e.valTop1()).isBetween(0.0, 1.0);
            });
    Map<String, SafeTensors.Tensor> saved = SafeTensors.read(dir.resolve("best.safetensors"));
    assertThat(saved.get("gist.token").shape()).containsExactly(1, 1, VitArch.VIT_TINY.dim());
    for (float v : saved.get("blocks.0.adapter.down.weight").data()) {
      assertThat(v).isFinite();
    }
  }

  @Test
  void bf16IsRejectedWithTheChoices() {
    assertThatThrownBy(() -> TrainingSettings.resolve(Map.of("precision", "bf16"), Map.of()))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("training.precision")
        .hasMessageContaining("fp32, fp16");
  }
}
