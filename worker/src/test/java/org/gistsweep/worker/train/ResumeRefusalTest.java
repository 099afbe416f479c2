package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gistsweep.common.spec.ArtifactsSetting;
import org.gistsweep.common.spec.PeftMethod;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.common.wire.AssignedObjective;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A checkpoint that does not fit the trial is refused with the reason, and the trial trains from
 * epoch 1 exactly as it would without one; a resumed trial's best weights are the best over all its
 * epochs, those before the checkpoint included.
 */
@Tag(Tier.TRAINING)
class ResumeRefusalTest {
  @TempDir static Path root;
  @TempDir Path work;
  private DjlTrialTrainer trainer;
  private TrainingSettings settings;
  private ResumeFixtures.Run straight;
  private Path checkpoint;

  @BeforeAll
  static void data() throws IOException {
    ModelFixtures.engine();
    ModelFixtures.syntheticSubset(root, "resume", 32);
  }

  @BeforeEach
  void firstEpoch() throws IOException {
    trainer = new DjlTrialTrainer(ModelFixtures.env(work, root));
    settings = tiny("lr", 0.01);
    straight = ResumeFixtures.run(trainer, settings, WeightsRequest.none(), null, null, 0, null, 0);
    ResumeFixtures.FolderUploader store = new ResumeFixtures.FolderUploader(work.resolve("store"));
    checkpoint =
        ResumeFixtures.run(
                trainer,
                settings,
                WeightsRequest.none(),
                store,
                work.resolve("scratch"),
                1,
                null,
                0)
            .checkpoints()
            .get(1);
  }

  private static TrainingSettings tiny(Object... extra) {
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
      "batch_size",
      16,
      "peft",
      PeftMethod.ADAPTER.wireName(),
      "gist_dropout",
      0.3,
      "seed",
      11
    };
    Object[] kv = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, kv, base.length, extra.length);
    return ModelFixtures.settings(kv);
  }

  private ResumeFixtures.Run resumeFrom(TrainingSettings s, Path file, int epoch)
      throws IOException {
    return ResumeFixtures.run(
        new DjlTrialTrainer(ModelFixtures.env(work, root)),
        s,
        WeightsRequest.none(),
        null,
        null,
        0,
        file,
        epoch);
  }

  private void assertTrainedFromScratch(ResumeFixtures.Run run, ResumeFixtures.Run expected) {
    assertThat(run.resumedFrom()).isZero();
    assertThat(run.heard()).extracting(EpochResult::epoch).containsExactly(1, 2, 3);
    ResumeFixtures.assertSameEpochs(run.outcome().epochs(), expected.outcome().epochs());
    ResumeFixtures.assertSameTensors(run.tensors(), expected.tensors());
  }

  @Test
  void aCheckpointOfOtherParamsIsRefusedNamingThemAndTheTrialStartsFromEpochOne()
      throws IOException {
    TrainingSettings other = tiny("lr", 0.02);
    ResumeFixtures.Run run = resumeFrom(other, checkpoint, 1);

    assertThat(run.refused())
        .isEqualTo("the checkpoint is of another trial: its config (lr) differ");
    assertTrainedFromScratch(
        run, ResumeFixtures.run(trainer, other, WeightsRequest.none(), null, null, 0, null, 0));
  }

  @Test
  void aCheckpointOfAnotherArchIsRefused() throws IOException {
    Map<String, SafeTensors.Tensor> tensors = SafeTensors.read(checkpoint);
    Map<String, String> meta = new LinkedHashMap<>(SafeTensors.metadata(checkpoint));
    JsonObject fp = JsonParser.parseString(meta.get("fingerprint")).getAsJsonObject();
    fp.addProperty("arch", ArchSidecar.toJson(VitArch.VIT_B16, Map.of()));
    meta.put("fingerprint", fp.toString());
    Path forged = work.resolve("forged.safetensors");
    SafeTensors.write(forged, tensors, meta);

    ResumeFixtures.Run run = resumeFrom(settings, forged, 1);

    assertThat(run.refused()).isEqualTo("the checkpoint is of another trial: its arch differ");
    assertTrainedFromScratch(run, straight);
  }

  @Test
  void anUnreadableCheckpointIsRefused() throws IOException {
    Path broken = work.resolve("broken.safetensors");
    byte[] bytes = Files.readAllBytes(checkpoint);
    Files.write(broken, Arrays.copyOf(bytes, bytes.length / 2));

    ResumeFixtures.Run run = resumeFrom(settings, broken, 1);

    assertThat(run.refused()).startsWith("the checkpoint is unreadable: ");
    assertTrainedFromScratch(run, straight);
  }

  @Test
  void aSafetensorsFileThatIsNoCheckpointIsRefused() throws IOException {
    Path weights = work.resolve("weights.safetensors");
    SafeTensors.write(
        weights,
        Map.of("head.weight", new SafeTensors.Tensor(new long[] {1}, new float[] {1})),
        Map.of());

    ResumeFixtures.Run run = resumeFrom(settings, weights, 1);

    assertThat(run.refused())
        .isEqualTo(
            "the checkpoint is unreadable: it is not an epoch checkpoint of this worker version"
                + " (format missing, expected "
                + EpochCheckpoint.FORMAT
                + ")");
    assertTrainedFromScratch(run, straight);
  }

  @Test
  void aCheckpointOfAnotherEpochThanTheAssignmentSaysIsRefused() throws IOException {
    ResumeFixtures.Run run = resumeFrom(settings, checkpoint, 2);

    assertThat(run.refused()).isEqualTo("the checkpoint holds epoch 1, the assignment said 2");
    assertTrainedFromScratch(run, straight);
  }

  @Test
  void aRefusalTheWorkerMadeBeforeTrainingIsReportedAndTheTrialStartsFromEpochOne()
      throws IOException {
    ResumeRequest refused =
        new ResumeRequest(
            null, null, null, 0, "the checkpoint failed its sha256", ResumeFixtures.PARAMS);
    String[] said = {null};
    TrainingOutcome o =
        new DjlTrialTrainer(ModelFixtures.env(work, root))
            .train(
                settings,
                new EpochListener() {
                  @Override
                  public EpochDecision onEpoch(EpochResult r) {
                    return EpochDecision.CONTINUE;
                  }

                  @Override
                  public void onModelReady(
                      long trainable, long total, long gist, String device, int from, String why) {
                    said[0] = from + " " + why;
                  }
                },
                WeightsRequest.none(),
                refused);

    assertThat(said[0]).isEqualTo("0 the checkpoint failed its sha256");
    ResumeFixtures.assertSameEpochs(o.epochs(), straight.outcome().epochs());
  }

  /**
   * maximize train_loss: the best epoch is epoch 1, before the checkpoint of epoch 2; minimize: the
   * checkpoint's own.
   */
  @ParameterizedTest(name = "train_loss {0}")
  @ValueSource(strings = {"maximize", "minimize"})
  void aResumedTrialKeepsTheBestWeightsOverAllEpochs(String direction) throws IOException {
    AssignedObjective objective = new AssignedObjective("train_loss", direction);
    ResumeFixtures.Run whole =
        ResumeFixtures.run(trainer, settings, weights(objective, "whole"), null, null, 0, null, 0);
    ResumeFixtures.FolderUploader store =
        new ResumeFixtures.FolderUploader(work.resolve("store-best"));
    ResumeFixtures.Run first =
        ResumeFixtures.run(
            trainer, settings, weights(objective, "first"), store, work.resolve("s1"), 2, null, 0);
    ResumeFixtures.Run rest =
        ResumeFixtures.run(
            new DjlTrialTrainer(ModelFixtures.env(work, root)),
            settings,
            weights(objective, "rest"),
            null,
            null,
            0,
            first.checkpoints().get(2),
            2);

    assertThat(rest.resumedFrom()).isEqualTo(2);
    SavedWeights expected = whole.outcome().saved().get(0);
    SavedWeights actual = rest.outcome().saved().get(0);
    assertThat(expected.epoch()).isEqualTo(direction.equals("maximize") ? 1 : 3);
    assertThat(actual.name()).isEqualTo(SavedWeights.BEST);
    assertThat(actual.epoch()).isEqualTo(expected.epoch());
    assertThat(SafeTensors.read(actual.weights()).keySet())
        .containsExactlyElementsOf(SafeTensors.read(expected.weights()).keySet());
    Map<String, SafeTensors.Tensor> got = SafeTensors.read(actual.weights());
    SafeTensors.read(expected.weights())
        .forEach((name, t) -> assertThat(got.get(name).data()).as(name).containsExactly(t.data()));
    assertThat(
            JsonParser.parseString(Files.readString(actual.sidecar()))
                .getAsJsonObject()
                .get("epoch")
                .getAsInt())
        .isEqualTo(expected.epoch());
  }

  private WeightsRequest weights(AssignedObjective objective, String folder) throws IOException {
    Path scratch = Files.createDirectories(work.resolve("weights-" + folder));
    return new WeightsRequest(
        ArtifactsSetting.BEST,
        objective,
        scratch,
        "study-1",
        7,
        1,
        ResumeFixtures.PARAMS,
        Clock.systemUTC());
  }
}
