package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gistsweep.common.spec.PeftMethod;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.worker.data.VtabTasks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real (short) DJL training runs of the tiny ViT on a 64-image subset of the synthetic task. */
@Tag(Tier.TRAINING)
class TrialTrainerTest {
  @TempDir static Path root;
  @TempDir Path work;

  @BeforeAll
  static void data() throws IOException {
    ModelFixtures.engine();
    ModelFixtures.syntheticSubset(root, "tiny", 64);
  }

  private TrainingSettings tiny(Object... extra) {
    List<Object> kv =
        new ArrayList<>(
            List.of(
                "data_dir",
                root.toString(),
                "backbone",
                "random:vit-tiny",
                "train_split",
                "tiny-train",
                "eval_split",
                "tiny-test",
                "epochs",
                2,
                "warmup_epochs",
                0,
                "batch_size",
                16));
    kv.addAll(List.of(extra));
    return ModelFixtures.settings(kv.toArray());
  }

  private TrialTrainer trainer() {
    return GistTrainers.create(ModelFixtures.env(work, root));
  }

  @Test
  void aTrialTrainsTheSameWithOrWithoutAnotherTrainingBesideIt() throws Exception {
    TrainingSettings noisy = tiny("gist_dropout", 0.5, "drop_path", 0.3, "seed", 5);
    List<Double> alone =
        trainer().train(noisy, r -> EpochDecision.CONTINUE).epochs().stream()
            .map(EpochResult::trainLoss)
            .toList();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      Future<?> beside =
          other.submit(
              () ->
                  trainer()
                      .train(
                          tiny("gist_dropout", 0.5, "drop_path", 0.3, "seed", 9, "epochs", 3),
                          r -> EpochDecision.CONTINUE));
      List<Double> together =
          trainer().train(noisy, r -> EpochDecision.CONTINUE).epochs().stream()
              .map(EpochResult::trainLoss)
              .toList();
      beside.get();
      assertThat(together)
          .as("dropout masks come from the trial's seed, not the engine's shared generator")
          .isEqualTo(alone);
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void trainsAndReportsEveryEpoch() {
    List<EpochResult> seen = new ArrayList<>();
    TrainingOutcome o =
        trainer()
            .train(
                tiny(),
                r -> {
                  seen.add(r);
                  return EpochDecision.CONTINUE;
                });

    assertThat(seen).hasSize(2).isEqualTo(o.epochs());
    assertThat(o.epochsRun()).isEqualTo(2);
    assertThat(o.stopped()).isFalse();
    for (EpochResult r : seen) {
      assertThat(r.trainLoss()).isFinite().isPositive();
      assertThat(r.ceGist()).isFinite().isPositive();
      assertThat(r.klClsGist()).isFinite().isNotNegative();
      assertThat(r.valTop1()).isBetween(0.0, 1.0);
      assertThat(r.imagesPerSecond()).isPositive();
    }
    assertThat(seen.get(0).epoch()).isEqualTo(1);
    assertThat(o.bestValTop1()).isGreaterThanOrEqualTo(o.lastValTop1());
    assertThat(o.gistParams()).isEqualTo(96);
    assertThat(o.peftParams()).isEqualTo(4L * (96 * 4 + 4 + 4 * 96 + 96));
    assertThat(o.headParams()).isEqualTo(96L * 6 + 6);
  }

  @Test
  void sameSeedSameMetrics() {
    TrainingSettings s = tiny("epochs", 1, "peft", "lora", "gist_init", "mean_patch");
    TrainingOutcome a = trainer().train(s, EpochListener.CONTINUE_ALWAYS);
    TrainingOutcome b = trainer().train(s, EpochListener.CONTINUE_ALWAYS);
    assertThat(a.epochs().get(0).trainLoss()).isEqualTo(b.epochs().get(0).trainLoss());
    assertThat(a.lastValTop1()).isEqualTo(b.lastValTop1());
  }

  @Test
  void twoTrialsTrainAtOnceOnTwoThreads() throws Exception {
    TrainingSettings s = tiny("epochs", 1);
    TrainingOutcome alone = trainer().train(s, EpochListener.CONTINUE_ALWAYS);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<TrainingOutcome> a =
          pool.submit(() -> trainer().train(s, EpochListener.CONTINUE_ALWAYS));
      Future<TrainingOutcome> b =
          pool.submit(
              () ->
                  trainer()
                      .train(
                          tiny("epochs", 1, "peft", "full", "gist", false),
                          EpochListener.CONTINUE_ALWAYS));
      assertThat(a.get().epochsRun()).isEqualTo(1);
      assertThat(b.get().epochsRun()).isEqualTo(1);
      assertThat(a.get().epochs().get(0).trainLoss()).isFinite();
    } finally {
      pool.shutdown();
    }
    assertThat(alone.epochsRun()).isEqualTo(1);
  }

  @Test
  void stopEndsTheTrialAtTheEpochBoundary() {
    List<Integer> calls = new ArrayList<>();
    TrainingOutcome o =
        trainer()
            .train(
                tiny("epochs", 5, "gist", false),
                r -> {
                  calls.add(r.epoch());
                  return EpochDecision.STOP;
                });
    assertThat(calls).containsExactly(1);
    assertThat(o.epochsRun()).isEqualTo(1);
    assertThat(o.stopped()).isTrue();
    assertThat(o.gistParams()).isZero();
    assertThat(o.epochs().get(0).ceGist()).isZero();
  }

  @Test
  void nanFromTheBackboneIsANonRetriableDivergence() throws IOException {
    Path ckpt = work.resolve("nan.safetensors");
    try (NDManager m = NDManager.newBaseManager()) {
      GistVit model =
          new GistVit(
              m,
              VitArch.VIT_TINY,
              6,
              ModelFixtures.spec(PeftMethod.ADAPTER, 0),
              ModelFixtures.uniform(),
              1);
      float[] nan = new float[96];
      Arrays.fill(nan, Float.NaN);
      model.table().get("norm.weight").array().set(FloatBuffer.wrap(nan));
      Checkpoints.save(model, ckpt, Checkpoints::isBackbone, Map.of());
    }
    assertThatThrownBy(
            () -> trainer().train(tiny("backbone", ckpt.toString()), EpochListener.CONTINUE_ALWAYS))
        .isInstanceOfSatisfying(
            TrainingException.class,
            e -> {
              assertThat(e.retriable()).isFalse();
              assertThat(e.errorType()).isEqualTo("diverged");
            })
        .hasMessageStartingWith("diverged at epoch 1, step 1");
  }

  @Test
  void emptyDataDirGeneratesTheTaskAndUsesTheBuiltinBackbone() {
    TrainingSettings s =
        ModelFixtures.settings(
            "train_split",
            "val200",
            "eval_split",
            "val200",
            "epochs",
            1,
            "batch_size",
            50,
            "warmup_epochs",
            0);
    assertThat(s.backbone()).isEqualTo("builtin:vit-tiny-shapes");
    TrainingOutcome o = trainer().train(s, EpochListener.CONTINUE_ALWAYS);
    assertThat(o.epochsRun()).isEqualTo(1);
    assertThat(
            Files.isRegularFile(
                work.resolve("data").resolve(VtabTasks.SYNTHETIC_SHAPES).resolve("test.txt")))
        .isTrue();
    assertThat(Files.isRegularFile(work.resolve("cache/backbone/vit-tiny-shapes.safetensors")))
        .isTrue();
  }

  @Test
  void missingSplitIsANonRetriableDataError() {
    assertThatThrownBy(
            () -> trainer().train(tiny("eval_split", "nope"), EpochListener.CONTINUE_ALWAYS))
        .isInstanceOfSatisfying(
            TrainingException.class, e -> assertThat(e.errorType()).isEqualTo("data"))
        .hasMessageContaining("nope.txt");
  }
}
