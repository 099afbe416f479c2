package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.worker.train.ModelInspector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code model} and {@code inspect} print counts, logits and loss terms; bad input is one clear
 * error line.
 */
@Tag(Tier.TRAINING)
class ModelAndInspectCommandTest {
  @TempDir Path dir;

  private static CliRun run(Object command, String... args) {
    return CliRun.command(command, args);
  }

  @Test
  void modelJsonGivesTheReferenceAdapterAndGistCountsOnVitB16() {
    CliRun on =
        run(
            new ModelCommand(),
            "--arch",
            "vit-b16",
            "--classes",
            "100",
            "--peft",
            "adapter",
            "--gist",
            "--json");
    assertThat(on.code()).as(on.err()).isZero();
    JsonObject j = JsonParser.parseString(on.out()).getAsJsonObject();
    assertThat(j.get("peft_params").getAsLong()).isEqualTo(82_992);
    assertThat(j.get("gist_params").getAsLong()).isEqualTo(768);
    assertThat(j.get("head_params").getAsLong()).isEqualTo(76_900);
    assertThat(j.get("trainable_params").getAsLong()).isEqualTo(82_992 + 768 + 76_900);
    assertThat(j.get("total_params").getAsLong()).isEqualTo(85_798_656L + 82_992 + 768 + 76_900);
  }

  @Test
  void modelTableAndGistOff() {
    CliRun r =
        run(
            new ModelCommand(),
            "--arch",
            "vit-tiny",
            "--classes",
            "10",
            "--peft",
            "vpt_shallow",
            "--prompt-length",
            "5");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("peft vpt_shallow, GIST off", "trainable", "480", "total");
    CliRun bad = run(new ModelCommand(), "--arch", "vit-huge");
    assertThat(bad.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(bad.err()).contains("unknown arch 'vit-huge'");
  }

  @Test
  void inspectPrintsLogitsAndEveryLossTerm() throws Exception {
    Path ckpt = dir.resolve("tiny.safetensors");
    ModelInspector.writeCheckpoint(
        "vit-tiny",
        3,
        TrainingSettings.resolve(Map.of("peft", "lora", "gist", true), Map.of()),
        ckpt);
    Path npz = InspectBatches.write(dir.resolve("batch.npz"), 0, 2);

    CliRun r =
        run(
            new InspectCommand(),
            "--checkpoint",
            ckpt.toString(),
            "--arch",
            "vit-tiny",
            "--peft",
            "lora",
            "--gist",
            "--batch",
            npz.toString(),
            "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(j.getAsJsonArray("cls_logits")).hasSize(2);
    assertThat(j.getAsJsonArray("gist_logits").get(1).getAsJsonArray()).hasSize(3);
    double total =
        j.get("ce_cls").getAsDouble()
            + 0.5 * j.get("ce_gist").getAsDouble()
            + 0.75 * j.get("kl_cls_gist").getAsDouble()
            + 0.75 * j.get("kl_gist_cls").getAsDouble();
    assertThat(j.get("total").getAsDouble()).isCloseTo(total, Offset.offset(1e-4));

    CliRun wrong =
        run(
            new InspectCommand(),
            "--checkpoint",
            ckpt.toString(),
            "--peft",
            "adapter",
            "--batch",
            npz.toString());
    assertThat(wrong.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(wrong.err()).contains("no tensor blocks.0.adapter.down.weight");
  }
}
