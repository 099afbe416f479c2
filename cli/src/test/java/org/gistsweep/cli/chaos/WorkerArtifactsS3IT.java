package org.gistsweep.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gistsweep.artifacts.ArtifactDownloads;
import org.gistsweep.artifacts.ArtifactInfo;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.artifacts.testing.S3TestServer;
import org.gistsweep.cli.LocalSweep;
import org.gistsweep.cli.Main;
import org.gistsweep.cli.broker.KafkaBrokerExtension;
import org.gistsweep.common.spec.SweepSpecParser;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Two DJL workers over the real broker store each complete trial's best weights in a real
 * S3-compatible server (s3proxy in this JVM): every {@code TrialFinished} lists objects that exist
 * with that size and sha256, and {@code evaluate} on the downloaded best artifact reproduces the
 * trial's recorded best value.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
class WorkerArtifactsS3IT {
  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();

  private static final String SWEEP =
      """
      name: s3-artifacts
      budget: {trials: 2, parallel: 2, epochs: 2}
      sampler: {type: random, seed: 5}
      training: {task: synthetic-shapes, peft: adapter, batch_size: 50, warmup_epochs: 0}
      space:
        lr: {type: float, low: 3.0e-3, high: 2.0e-2, log: true}
      """;

  @TempDir Path home;

  @Test
  void finishedTrialsListTheirS3ObjectsAndEvaluateReproducesTheBestValue() throws Exception {
    try (S3TestServer s3 = S3TestServer.start()) {
      URI bucket = s3.createBucket("gist-e2e");
      String uri = bucket + "/runs";
      PrintStream quiet =
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      LocalSweep.Options options =
          new LocalSweep.Options(2, 0, false, home.resolve("data"), home.resolve("cache"), quiet)
              .withArtifacts(uri, s3.settings());
      StudySnapshot study;
      try (LocalSweep sweep = LocalSweep.start(options, BROKER.bootstrap())) {
        study =
            sweep.run(
                SweepSpecParser.parse(SWEEP, "s3.yaml", "s3-artifacts"),
                null,
                Duration.ofMinutes(8));
      }
      assertThat(study.trials())
          .allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialState.COMPLETE));
      List<TrialFinished> finished =
          Records.events(BROKER.bootstrap(), study.id()).stream()
              .filter(m -> m instanceof TrialFinished)
              .map(m -> (TrialFinished) m)
              .toList();
      assertThat(finished).hasSize(2);
      try (ArtifactStore store = ArtifactStores.open(uri, s3.settings())) {
        for (TrialFinished f : finished) {
          assertThat(f.artifactError()).isNull();
          assertThat(f.artifacts())
              .extracting(ArtifactRef::name)
              .containsExactly("best.safetensors", "best.json");
          for (ArtifactRef r : f.artifacts()) {
            assertThat(r.key())
                .isEqualTo(ArtifactRef.keyOf(study.id(), f.trial(), f.attempt(), r.name()));
            ArtifactInfo verified = ArtifactDownloads.verify(store, r.key());
            assertThat(verified.size()).isEqualTo(r.size());
            assertThat(verified.sha256()).isEqualTo(r.sha256());
          }
        }
        TrialFinished best =
            finished.stream()
                .max(Comparator.comparingDouble(TrialFinished::bestValue))
                .orElseThrow();
        Path pulled = home.resolve("pulled");
        for (ArtifactRef r : best.artifacts()) {
          ArtifactDownloads.download(store, r.key(), pulled.resolve(r.name()));
        }
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        int code =
            cli.execute(
                "evaluate",
                "--artifact",
                pulled.resolve("best.safetensors").toString(),
                "--data",
                home.resolve("data").toString(),
                "--json");
        assertThat(code).as(out.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.get("top1").asDouble())
            .isEqualTo(best.bestValue())
            .isEqualTo(j.get("recorded_val_top1").asDouble());
        assertThat(j.get("epoch").asInt()).isEqualTo(best.bestEpoch());
      }
    }
  }
}
