package org.gistsweep.worker.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.worker.data.SyntheticShapes;
import org.gistsweep.worker.data.VtabTasks;

/**
 * Pretrains the {@code vit-tiny} backbone from random init on the synthetic upstream task ({@value
 * VtabTasks#SHAPES_UPSTREAM}) with full fine-tuning and plain CE, and writes it as a timm-named
 * safetensors file (backbone and upstream head) with a JSON arch sidecar beside it ({@code
 * NAME.json} for {@code NAME.safetensors}). This is how the built-in {@code
 * builtin:vit-tiny-shapes} weights were made.
 */
public final class Pretrainer {
  /** Peak learning rate of the pretraining recipe. */
  static final double LR = 6e-4;

  /** Weight decay of the pretraining recipe. */
  static final double WEIGHT_DECAY = 0.05;

  /** Warm-up epochs of the pretraining recipe. */
  static final int WARMUP = 2;

  /** Batch size of the pretraining recipe. */
  static final int BATCH = 64;

  private Pretrainer() {}

  /**
   * Generates the upstream task under {@code dataRoot} if needed, trains for {@code epochs} epochs
   * (1 thread, seeded) and writes {@code out} plus its sidecar.
   *
   * @param progress receives one line per epoch and a final summary
   * @throws TrainingException if training fails or the files cannot be written
   */
  public static void pretrain(
      Path dataRoot, Path out, int epochs, long seed, Consumer<String> progress) {
    pretrain(dataRoot, out, epochs, seed, "train800val200", progress);
  }

  /** As {@link #pretrain(Path, Path, int, long, Consumer)} on another training split (tests). */
  static void pretrain(
      Path dataRoot,
      Path out,
      int epochs,
      long seed,
      String trainSplit,
      Consumer<String> progress) {
    SyntheticShapes.ensure(dataRoot, VtabTasks.SHAPES_UPSTREAM);
    Map<String, Object> fixed = new LinkedHashMap<>();
    fixed.put("task", VtabTasks.SHAPES_UPSTREAM);
    fixed.put("data_dir", dataRoot.toString());
    fixed.put("backbone", "random:vit-tiny");
    fixed.put("peft", "full");
    fixed.put("gist", false);
    fixed.put("lr", LR);
    fixed.put("weight_decay", WEIGHT_DECAY);
    fixed.put("epochs", epochs);
    fixed.put("warmup_epochs", WARMUP);
    fixed.put("batch_size", BATCH);
    fixed.put("seed", seed);
    fixed.put("device", "cpu");
    fixed.put("train_split", trainSplit);
    TrainingSettings settings = TrainingSettings.resolve(fixed, Map.of());
    long start = System.nanoTime();
    DjlTrialTrainer trainer =
        new DjlTrialTrainer(new TrainerEnvironment(dataRoot, out.toAbsolutePath().getParent()));
    TrainingOutcome outcome =
        trainer.train(
            settings,
            r -> {
              progress.accept(
                  String.format(
                      Locale.ROOT,
                      "epoch %d/%d loss %.4f test top-1 %.4f lr %.2e %.1f s (%.0f img/s)",
                      r.epoch(),
                      epochs,
                      r.trainLoss(),
                      r.valTop1(),
                      r.lr(),
                      r.epochSeconds(),
                      r.imagesPerSecond()));
              return EpochDecision.CONTINUE;
            },
            model -> write(model, out, seed, epochs));
    double minutes = (System.nanoTime() - start) / 60e9;
    progress.accept(
        String.format(
            Locale.ROOT,
            "pretrained %s: last test top-1 %.4f in %.1f min -> %s",
            VitArch.VIT_TINY.name(),
            outcome.lastValTop1(),
            minutes,
            out));
    appendResult(out, outcome, minutes);
  }

  private static void write(GistVit model, Path out, long seed, int epochs) {
    try {
      Checkpoints.save(
          model,
          out,
          e -> e.group() == ParamGroup.BACKBONE || e.group() == ParamGroup.HEAD,
          Map.of("arch", model.arch().name(), "upstream_task", VtabTasks.SHAPES_UPSTREAM));
    } catch (IOException e) {
      throw new TrainingException(
          TrainingException.CHECKPOINT, "cannot write " + out + ": " + e.getMessage(), false, e);
    }
  }

  private static void appendResult(Path out, TrainingOutcome outcome, double minutes) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("upstream_task", VtabTasks.SHAPES_UPSTREAM);
    extra.put("upstream_epochs", outcome.epochsRun());
    extra.put("upstream_test_top1", outcome.lastValTop1());
    extra.put("pretrain_minutes", Math.round(minutes * 10) / 10.0);
    extra.put(
        "recipe",
        "full fine-tuning, CE, AdamW lr "
            + LR
            + " wd "
            + WEIGHT_DECAY
            + " warmup "
            + WARMUP
            + " batch "
            + BATCH
            + ", 1 thread");
    try {
      Files.writeString(
          BackboneResolver.sidecarOf(out),
          ArchSidecar.toJson(VitArch.VIT_TINY, extra),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TrainingException(
          TrainingException.CHECKPOINT,
          "cannot write the sidecar of " + out + ": " + e.getMessage(),
          false,
          e);
    }
  }

  /** Command line: {@code Pretrainer DATA_ROOT OUT.safetensors EPOCHS SEED}. */
  public static void main(String[] args) {
    pretrain(
        Path.of(args[0]),
        Path.of(args[1]),
        Integer.parseInt(args[2]),
        Long.parseLong(args[3]),
        System.out::println);
  }
}
