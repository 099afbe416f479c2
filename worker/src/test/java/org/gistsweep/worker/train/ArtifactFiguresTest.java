package org.gistsweep.worker.train;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gistsweep.artifacts.ArtifactInfo;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.artifacts.S3Settings;
import org.gistsweep.artifacts.testing.S3TestServer;
import org.gistsweep.common.spec.ArtifactsSetting;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.worker.data.VtabTasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints the size of a trial's best artifact and how long writing it locally and storing it take (a
 * directory store, and S3 through s3proxy in this JVM), for the quickstart model, the ViT-B/16
 * reference adapter and ViT-B/16 full fine-tuning. Figures, not assertions; opt in with {@code
 * ./mvnw -B -q -pl worker -am test -Dtest=ArtifactFiguresTest -Dgistsweep.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(
    named = "gistsweep.bench",
    matches = "true",
    disabledReason = "figures: -Dgistsweep.bench=true")
class ArtifactFiguresTest {
  @TempDir Path temp;

  private record Model(String name, VitArch arch, int classes, TrainingSettings settings) {}

  @Test
  void sizesAndTimesOfTheBestArtifact() throws Exception {
    ModelFixtures.engine();
    List<Model> models =
        List.of(
            new Model(
                "quickstart (vit-tiny-shapes, adapter k 8, GIST)",
                VitArch.VIT_TINY,
                VtabTasks.classCount(VtabTasks.SYNTHETIC_SHAPES).orElseThrow(),
                ModelFixtures.settings("peft", "adapter", "adapter_dim", 8, "gist", true)),
            new Model(
                "ViT-B/16 adapter k 4 + GIST, 100 classes",
                VitArch.VIT_B16,
                100,
                ModelFixtures.settings("peft", "adapter", "adapter_dim", 4, "gist", true)),
            new Model(
                "ViT-B/16 full + GIST, 100 classes",
                VitArch.VIT_B16,
                100,
                ModelFixtures.settings("peft", "full", "gist", true)));
    List<String> lines = new ArrayList<>();
    try (S3TestServer server =
            S3TestServer.start(Files.createDirectories(temp.resolve("s3proxy")));
        ArtifactStore s3 = ArtifactStores.open(server.createBucket("figures"), server.settings());
        ArtifactStore dir =
            ArtifactStores.open(temp.resolve("store").toUri(), S3Settings.DEFAULT)) {
      s3.check();
      for (Model m : models) {
        Path scratch = Files.createDirectories(temp.resolve("scratch-" + lines.size()));
        long write;
        try (NDManager manager = NDManager.newBaseManager()) {
          GistVit model =
              new GistVit(
                  manager,
                  m.arch(),
                  m.classes(),
                  PeftSpec.of(m.settings()),
                  new GistInitSpec(m.settings().gistInit(), m.settings().gistInitScale()),
                  1);
          List<ParamTable.Entry> trainable =
              TrainableSet.select(model.table(), m.settings().peft());
          WeightKeeper keeper =
              new WeightKeeper(
                  ModelFixtures.weights(ArtifactsSetting.BEST, scratch),
                  m.settings(),
                  model,
                  trainable,
                  ParamCounts.of(model, m.settings().peft()),
                  new Backbone(m.arch(), Map.of(), "random", null));
          EpochResult epoch = new EpochResult(1, 1, 1, 0, 0, 0, 0.5, 1e-3, 1, 1);
          long t0 = System.nanoTime();
          keeper.wrap(r -> EpochDecision.CONTINUE).onEpoch(epoch);
          write = System.nanoTime() - t0;
          keeper.finish(List.of(epoch));
        }
        Path file = scratch.resolve("best.safetensors");
        long t1 = System.nanoTime();
        ArtifactInfo d = dir.put("f/" + lines.size() + "/best.safetensors", file);
        long t2 = System.nanoTime();
        s3.put("f/" + lines.size() + "/best.safetensors", file);
        long t3 = System.nanoTime();
        lines.add(
            String.format(
                "%-48s %,13d bytes (+ %,d bytes best.json); written locally %,8.1f ms; stored:"
                    + " directory %,8.1f ms, S3 (s3proxy) %,8.1f ms",
                m.name(),
                d.size(),
                Files.size(scratch.resolve("best.json")),
                write / 1e6,
                (t2 - t1) / 1e6,
                (t3 - t2) / 1e6));
      }
    }
    lines.forEach(System.out::println);
  }
}
