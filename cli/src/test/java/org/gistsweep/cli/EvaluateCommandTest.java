package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gistsweep.common.spec.ArtifactsSetting;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.worker.data.SyntheticShapes;
import org.gistsweep.worker.train.EpochDecision;
import org.gistsweep.worker.train.GistTrainers;
import org.gistsweep.worker.train.TrainerEnvironment;
import org.gistsweep.worker.train.TrainingOutcome;
import org.gistsweep.worker.train.WeightsRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} on a trained tiny trial's best artifact reproduces the epoch's recorded
 * val_top1; {@code inspect} runs a trainable-only artifact with {@code --backbone}; bad files are
 * one clear line.
 */
@Tag(Tier.TRAINING)
class EvaluateCommandTest {
  @TempDir static Path data;
  @TempDir static Path work;
  private static TrainingOutcome outcome;
  private static Path best;

  @BeforeAll
  static void train() throws IOException {
    Path task = SyntheticShapes.ensure(data, "synthetic-shapes");
    Files.write(
        task.resolve("mini-train.txt"),
        Files.readAllLines(task.resolve("train800.txt")).subList(0, 32));
    Files.write(
        task.resolve("mini-test.txt"), Files.readAllLines(task.resolve("test.txt")).subList(0, 40));
    TrainingSettings s =
        TrainingSettings.resolve(
            Map.of(
                "data_dir",
                data.toString(),
                "train_split",
                "mini-train",
                "eval_split",
                "mini-test",
                "epochs",
                2,
                "batch_size",
                16,
                "lr",
                0.01),
            Map.of());
    Path scratch = Files.createDirectories(work.resolve("trial"));
    WeightsRequest weights =
        new WeightsRequest(
            ArtifactsSetting.BEST,
            TrialAssignment.DEFAULT_OBJECTIVE,
            scratch,
            "s-1",
            0,
            1,
            Map.of("lr", 0.01),
            Clock.systemUTC());
    outcome =
        GistTrainers.create(
                new TrainerEnvironment(
                    work.resolve("data"), work.resolve("cache"), List.of(data), List.of()))
            .train(s, r -> EpochDecision.CONTINUE, weights);
    best = scratch.resolve("best.safetensors");
  }

  private static CliRun run(Object command, String... args) {
    return CliRun.command(command, args);
  }

  @Test
  void evaluateReproducesTheRecordedValTop1OfTheBestEpoch() throws Exception {
    CliRun r =
        run(
            new EvaluateCommand(),
            "--artifact",
            best.toString(),
            "--data",
            data.toString(),
            "--split",
            "mini-test",
            "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("top1").asDouble())
        .isEqualTo(outcome.bestValTop1())
        .isEqualTo(j.get("recorded_val_top1").asDouble());
    assertThat(j.get("images").asInt()).isEqualTo(40);
    assertThat(j.get("epoch").asInt()).isEqualTo(outcome.bestEpoch());
    assertThat(j.get("backbone").asText()).isEqualTo("builtin:vit-tiny-shapes");
    assertThat(j.get("backbone_matches").asBoolean()).isTrue();

    CliRun text =
        run(
            new EvaluateCommand(),
            "--artifact",
            best.toString(),
            "--sidecar",
            best.resolveSibling("best.json").toString(),
            "--backbone",
            "builtin:vit-tiny-shapes",
            "--data",
            data.toString(),
            "--task",
            "synthetic-shapes",
            "--split",
            "mini-test");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out())
        .startsWith(
            String.format(
                Locale.ROOT,
                "top1 %.4f on 40 images of synthetic-shapes/mini-test",
                outcome.bestValTop1()))
        .contains("the trial recorded val_top1");
  }

  @Test
  void inspectRunsATrainableOnlyArtifactOnItsBackbone() throws Exception {
    Path npz = InspectBatches.write(work.resolve("batch.npz"), 0, 3);
    CliRun r =
        run(
            new InspectCommand(),
            "--checkpoint",
            best.toString(),
            "--backbone",
            "builtin:vit-tiny-shapes",
            "--peft",
            "adapter",
            "--gist",
            "--batch",
            npz.toString(),
            "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(new ObjectMapper().readTree(r.out()).get("cls_logits")).hasSize(2);

    CliRun noBackbone =
        run(
            new InspectCommand(),
            "--checkpoint",
            best.toString(),
            "--peft",
            "adapter",
            "--gist",
            "--batch",
            npz.toString());
    assertThat(noBackbone.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(noBackbone.err())
        .contains("holds only the tensors a trial trained", "--backbone FILE|builtin:NAME");
    CliRun wrongMethod =
        run(
            new InspectCommand(),
            "--checkpoint",
            best.toString(),
            "--backbone",
            "builtin:vit-tiny-shapes",
            "--peft",
            "lora",
            "--gist",
            "--batch",
            npz.toString());
    assertThat(wrongMethod.err()).contains("has no tensor blocks.0.attn.lora_q.a");
  }

  @Test
  void aMissingSidecarOrADirectoryIsOneClearLine() throws IOException {
    Path lone = Files.copy(best, work.resolve("lone.safetensors"));
    CliRun r = run(new EvaluateCommand(), "--artifact", lone.toString(), "--data", data.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err()).startsWith("error: sidecar " + work.resolve("lone.json") + " not found");
    Path folder = Files.createDirectories(work.resolve("folder.safetensors"));
    CliRun dir =
        run(
            new EvaluateCommand(),
            "--artifact",
            folder.toString(),
            "--sidecar",
            best.resolveSibling("best.json").toString(),
            "--data",
            data.toString());
    assertThat(dir.err()).contains("is a directory, not a regular file");
  }
}
