package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.gistsweep.testsupport.RequiresTool;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Tool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One-epoch tiny runs: the legacy checkpoint saving, and the same on a GPU where there is one. */
@Tag(Tier.TRAINING)
class TrainingExtrasTest {
  @TempDir static Path root;
  @TempDir Path work;

  @BeforeAll
  static void data() throws IOException {
    ModelFixtures.engine();
    ModelFixtures.syntheticSubset(root, "mini", 32);
  }

  private TrainingOutcome oneEpoch(WeightsRequest weights, Object... extra) {
    Object[] base = {
      "data_dir",
      root.toString(),
      "backbone",
      "random:vit-tiny",
      "train_split",
      "mini-train",
      "eval_split",
      "mini-test",
      "epochs",
      1,
      "batch_size",
      16
    };
    Object[] kv = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, kv, base.length, extra.length);
    TrialTrainer trainer = GistTrainers.create(ModelFixtures.env(work, root));
    return trainer.train(ModelFixtures.settings(kv), r -> EpochDecision.CONTINUE, weights);
  }

  @Test
  void theLegacySaveCheckpointKeepsTheBestAndLastTrainableTensorsInTheScratchFolder()
      throws IOException {
    Path scratch = Files.createDirectories(work.resolve("scratch"));
    TrainingOutcome o =
        oneEpoch(
            ModelFixtures.weights(
                ModelFixtures.settings("save_checkpoint", true).storedArtifacts(), scratch),
            "peft",
            "ssf",
            "save_checkpoint",
            true,
            "checkpoint_dir",
            "ckpt");
    assertThat(o.saved()).extracting(SavedWeights::name).containsExactly("best", "last");
    assertThat(SafeTensors.read(scratch.resolve("best.safetensors")))
        .containsKeys("gist.token", "blocks.0.attn.qkv.ssf_scale", "norm.ssf_shift", "head.weight")
        .doesNotContainKeys("patch_embed.proj.weight", "blocks.0.attn.qkv.weight");
    assertThat(scratch.resolve("last.json")).exists();
    assertThat(work.resolve("artifacts")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"fp32", "fp16"})
  @Tag(Tier.GPU)
  @RequiresTool(Tool.GPU)
  void trainsOneEpochOnTheGpu(String precision) {
    DjlCuda.assumeDjlSeesAGpu();
    String[] device = new String[1];
    TrainingOutcome o =
        GistTrainers.create(ModelFixtures.env(work, root))
            .train(
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
                    1,
                    "batch_size",
                    16,
                    "device",
                    "gpu",
                    "precision",
                    precision),
                new EpochListener() {
                  @Override
                  public EpochDecision onEpoch(EpochResult r) {
                    return EpochDecision.CONTINUE;
                  }

                  @Override
                  public void onModelReady(long trainable, long total, long gist, String dev) {
                    device[0] = dev;
                  }
                });
    assertThat(o.epochsRun()).isEqualTo(1);
    assertThat(o.epochs().get(0).trainLoss()).isFinite();
    assertThat(device[0]).containsIgnoringCase("gpu");
  }
}
