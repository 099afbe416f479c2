package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.gistsweep.common.spec.PeftMethod;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exactness: on CPU at 1 thread, for every PEFT method with GIST on and off, in FP32
 * and FP16, 3 epochs straight equal 1 epoch, a checkpoint, a fresh trainer loading it and 2 epochs
 * more: the same epoch metrics and final trainable tensors (1e-6 relative). Dropout, drop-path,
 * warm-up and weight decay are on, so every piece of state the checkpoint holds matters.
 */
@Tag(Tier.TRAINING)
class ResumeExactnessTest {
  @TempDir static Path root;
  @TempDir Path work;

  @BeforeAll
  static void data() throws IOException {
    ModelFixtures.engine();
    ModelFixtures.syntheticSubset(root, "resume", 16);
  }

  static TrainingSettings tiny(PeftMethod method, boolean gist, String precision, Object... extra) {
    Object[] base = {
      "data_dir",
      root.toString(),
      "backbone",
      "random:vit-tiny",
      "train_split",
      "resume-train",
      "eval_split",
      "resume-test",
      "epochs",
      3,
      "warmup_epochs",
      1,
      "batch_size",
      8,
      "peft",
      method.wireName(),
      "gist",
      gist,
      "precision",
      precision,
      "gist_dropout",
      0.3,
      "drop_path",
      0.2,
      "lr",
      0.01,
      "seed",
      11
    };
    Object[] kv = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, kv, base.length, extra.length);
    return ModelFixtures.settings(kv);
  }

  static Stream<Arguments> everyMethodGistOnAndOffFp32AndFp16() {
    return Arrays.stream(PeftMethod.values())
        .flatMap(
            m ->
                Stream.of(true, false)
                    .flatMap(gist -> Stream.of("fp32", "fp16").map(p -> Arguments.of(m, gist, p))));
  }

  @ParameterizedTest(name = "{0} gist={1} {2}")
  @MethodSource("everyMethodGistOnAndOffFp32AndFp16")
  void threeEpochsStraightEqualOneEpochCheckpointFreshTrainerAndTwoMore(
      PeftMethod method, boolean gist, String precision) throws IOException {
    TrainingSettings s = tiny(method, gist, precision);
    DjlTrialTrainer trainer = new DjlTrialTrainer(ModelFixtures.env(work, root));
    ResumeFixtures.Run straight =
        ResumeFixtures.run(trainer, s, WeightsRequest.none(), null, null, 0, null, 0);

    ResumeFixtures.FolderUploader store = new ResumeFixtures.FolderUploader(work.resolve("store"));
    ResumeFixtures.Run first =
        ResumeFixtures.run(
            trainer, s, WeightsRequest.none(), store, work.resolve("scratch-1"), 1, null, 0);
    assertThat(first.outcome().stopped()).isTrue();
    assertThat(first.checkpoints()).containsOnlyKeys(1);

    ResumeFixtures.Run rest =
        ResumeFixtures.run(
            new DjlTrialTrainer(ModelFixtures.env(work, root)),
            s,
            WeightsRequest.none(),
            new ResumeFixtures.FolderUploader(work.resolve("store-2")),
            work.resolve("scratch-2"),
            0,
            first.checkpoints().get(1),
            1);

    assertThat(rest.refused()).isNull();
    assertThat(rest.resumedFrom()).isEqualTo(1);
    assertThat(rest.heard()).extracting(EpochResult::epoch).containsExactly(2, 3);
    ResumeFixtures.assertSameEpochs(first.heard(), straight.outcome().epochs().subList(0, 1));
    ResumeFixtures.assertSameEpochs(rest.heard(), straight.outcome().epochs().subList(1, 3));
    ResumeFixtures.assertSameEpochs(rest.outcome().epochs(), straight.outcome().epochs());
    ResumeFixtures.assertSameTensors(rest.tensors(), straight.tensors());
    assertThat(rest.outcome().bestEpoch()).isEqualTo(straight.outcome().bestEpoch());
    assertThat(rest.outcome().epochsRun()).isEqualTo(3);
  }
}
