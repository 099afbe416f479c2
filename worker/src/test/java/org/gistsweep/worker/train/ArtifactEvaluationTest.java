package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.gistsweep.common.spec.ArtifactsSetting;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.worker.data.Normalization;
import org.gistsweep.worker.data.VtabDataset;
import org.gistsweep.worker.files.PathRefusedException;
import org.gistsweep.worker.files.SpecialFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny model trained three epochs keeps its best and last epochs; {@code evaluate} rebuilds each
 * from backbone + trainable tensors + sidecar and reproduces the epoch's val_top1 exactly and the
 * trained model's logits to 1e-5.
 */
@Tag(Tier.TRAINING)
class ArtifactEvaluationTest {
  @TempDir static Path root;
  @TempDir static Path work;
  private static TrainingOutcome outcome;
  private static float[][] finalLogits;
  private static TrainingSettings settings;

  @BeforeAll
  static void train() throws IOException {
    ModelFixtures.engine();
    ModelFixtures.syntheticSubset(root, "mini", 48);
    settings =
        ModelFixtures.settings(
            "data_dir",
            root.toString(),
            "backbone",
            "builtin:vit-tiny-shapes",
            "train_split",
            "mini-train",
            "eval_split",
            "mini-test",
            "epochs",
            3,
            "batch_size",
            16,
            "lr",
            0.02,
            "artifacts",
            "best_and_last");
    Path scratch = Files.createDirectories(work.resolve("scratch"));
    DjlTrialTrainer trainer = (DjlTrialTrainer) GistTrainers.create(ModelFixtures.env(work, root));
    outcome =
        trainer.train(
            settings,
            r -> EpochDecision.CONTINUE,
            ModelFixtures.weights(ArtifactsSetting.BEST_AND_LAST, scratch),
            model -> {
              VtabDataset eval =
                  VtabDataset.load(
                      root, settings.task(), settings.evalSplit(), model.arch().imageSize());
              try (NDManager m = NDManager.newBaseManager()) {
                finalLogits =
                    new Evaluation(
                            model,
                            eval,
                            Normalization.HALF,
                            settings.batchSize(),
                            m,
                            new BatchStaging())
                        .firstLogits(8);
              }
            });
  }

  private static ArtifactEvaluation.Request request(String name, String backbone) {
    Path scratch = work.resolve("scratch");
    return new ArtifactEvaluation.Request(
        scratch.resolve(name + ".safetensors"),
        scratch.resolve(name + ".json"),
        backbone,
        root,
        null,
        "mini-test",
        work.resolve("cache"));
  }

  private static SavedWeights saved(String name) {
    return outcome.saved().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theBestArtifactReproducesItsEpochsValTop1() {
    SavedWeights best = saved("best");
    ArtifactEvaluation.Result r = ArtifactEvaluation.evaluate(request("best", null));
    double recorded = outcome.epochs().get(best.epoch() - 1).valTop1();
    assertThat(best.epoch()).isEqualTo(outcome.bestEpoch());
    assertThat(r.top1()).isEqualTo(recorded).isEqualTo(outcome.bestValTop1());
    assertThat(r.recordedValTop1()).contains(recorded);
    assertThat(r.images()).isEqualTo(48);
    assertThat(r.epoch()).isEqualTo(best.epoch());
    assertThat(r.backboneMatches()).contains(true);
  }

  @Test
  void theLastArtifactGivesTheTrainedModelsLogitsToOneInAHundredThousand() {
    ArtifactEvaluation.Result r =
        ArtifactEvaluation.evaluate(request("last", "builtin:vit-tiny-shapes"));
    assertThat(r.top1()).isEqualTo(outcome.lastValTop1());
    float[][] logits =
        ArtifactEvaluation.withModel(
            request("last", null),
            l ->
                new Evaluation(
                        l.model(),
                        l.data(),
                        Normalization.HALF,
                        l.settings().batchSize(),
                        l.manager(),
                        new BatchStaging())
                    .firstLogits(8));
    assertThat(logits).hasSameDimensionsAs(finalLogits);
    for (int i = 0; i < logits.length; i++) {
      for (int c = 0; c < logits[i].length; c++) {
        assertThat(logits[i][c])
            .as("sample %d class %d", i, c)
            .isCloseTo(finalLogits[i][c], within(1e-5f));
      }
    }
  }

  @Test
  void theSidecarRecordsWhatTheWeightsAreAndWhereTheyCameFrom() throws Exception {
    JsonObject o =
        JsonParser.parseString(Files.readString(saved("best").sidecar())).getAsJsonObject();
    System.out.println("best.json:\n" + Files.readString(saved("best").sidecar()));
    assertThat(o.keySet())
        .containsSubsequence(
            "arch",
            "peft",
            "gist",
            "gist_tokens",
            "classes",
            "params",
            "config",
            "epoch",
            "metrics",
            "objective",
            "backbone",
            "trainable_params",
            "total_params",
            "study",
            "trial",
            "attempt",
            "created_at");
    assertThat(o.getAsJsonObject("arch").get("dim").getAsInt()).isEqualTo(96);
    assertThat(o.getAsJsonObject("objective").get("metric").getAsString()).isEqualTo("val_top1");
    assertThat(o.getAsJsonObject("metrics").get("val_top1").getAsDouble())
        .isEqualTo(outcome.bestValTop1());
    JsonObject backbone = o.getAsJsonObject("backbone");
    assertThat(backbone.get("source").getAsString()).isEqualTo("builtin:vit-tiny-shapes");
    assertThat(backbone.get("file").getAsString()).isEqualTo("vit-tiny-shapes.safetensors");
    assertThat(backbone.get("sha256").getAsString())
        .isEqualTo(sha256OfResource("vit-tiny-shapes.safetensors"));
    assertThat(o.get("trainable_params").getAsLong()).isEqualTo(outcome.trainableParams());
    assertThat(o.get("study").getAsString()).isEqualTo("study-1");
    assertThat(o.getAsJsonObject("config").get("artifacts").getAsString())
        .isEqualTo("best_and_last");
  }

  @Test
  void aFifoOrAForeignFileIsRefusedWithoutQuotingIt() throws Exception {
    Path fifo = SpecialFiles.fifo(work.resolve("fifo.safetensors"));
    ArtifactEvaluation.Request r = request("best", null);
    assertThatThrownBy(
            () ->
                ArtifactEvaluation.evaluate(
                    new ArtifactEvaluation.Request(
                        fifo, r.sidecar(), null, root, null, "mini-test", r.cacheDir())))
        .isInstanceOf(PathRefusedException.class)
        .hasMessageContaining("is a named pipe (FIFO), not a regular file");
    Path notJson = Files.writeString(work.resolve("secret.json"), "root:x:0:0 not json");
    assertThatThrownBy(
            () ->
                ArtifactEvaluation.evaluate(
                    new ArtifactEvaluation.Request(
                        r.artifact(), notJson, null, root, null, "mini-test", r.cacheDir())))
        .isInstanceOf(TrainingException.class)
        .hasMessageContaining("is not an artifact sidecar")
        .hasMessageNotContaining("root:x");
    assertThatThrownBy(
            () ->
                ArtifactEvaluation.evaluate(
                    new ArtifactEvaluation.Request(
                        r.artifact(),
                        r.sidecar(),
                        "random:vit-b16",
                        root,
                        null,
                        "mini-test",
                        r.cacheDir())))
        .hasMessageContaining("does not have the arch the artifact was trained on");
  }

  private static String sha256OfResource(String name) throws Exception {
    try (InputStream in =
        ArtifactEvaluationTest.class.getResourceAsStream(
            "/org/gistsweep/worker/backbone/" + name)) {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
    }
  }
}
