package org.gistsweep.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.gistsweep.artifacts.ArtifactDownloads;
import org.gistsweep.artifacts.ArtifactInfo;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.artifacts.S3Credentials;
import org.gistsweep.artifacts.S3Settings;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.common.wire.WorkerReportChecks;
import org.gistsweep.testsupport.FreePorts;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.worker.data.SyntheticShapes;
import org.gistsweep.worker.train.GistTrainers;
import org.gistsweep.worker.train.TrainerEnvironment;
import org.gistsweep.worker.train.TrialTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an attempt stores, with real DJL training (tiny model, one thread) and a real directory
 * store: the best epoch's weights by default, best and last, nothing for {@code none}, a pruned or
 * failed attempt; a store that cannot be written gives {@code artifact_error} and keeps the
 * metrics. No temporary file is left behind.
 */
@Tag(Tier.TRAINING)
class TrialRunArtifactsTest {
  private static final String TOKEN = "00112233445566778899aabbccddeeff";
  @TempDir static Path data;
  @TempDir Path work;
  private final List<WireMessage> sent = new CopyOnWriteArrayList<>();
  private final StopRequest stop = new StopRequest();
  private int pruneAfterEpoch = Integer.MAX_VALUE;

  @BeforeAll
  static void tinyTask() throws IOException {
    Path task = SyntheticShapes.ensure(data, "synthetic-shapes");
    Files.write(
        task.resolve("mini-train.txt"),
        Files.readAllLines(task.resolve("train800.txt")).subList(0, 16));
    Files.write(
        task.resolve("mini-test.txt"), Files.readAllLines(task.resolve("test.txt")).subList(0, 16));
  }

  private TrialFinished run(ArtifactStore store, Object... extra) {
    Map<String, Object> config =
        new HashMap<>(
            Map.of(
                "data_dir",
                data.toString(),
                "backbone",
                "random:vit-tiny",
                "train_split",
                "mini-train",
                "eval_split",
                "mini-test",
                "epochs",
                2,
                "batch_size",
                16,
                "resume",
                false)); // checkpoints: TrialRunResumeTest
    for (int i = 0; i < extra.length; i += 2) {
      config.put((String) extra[i], extra[i + 1]);
    }
    TrialAssignment a =
        new TrialAssignment(1, "s-1", 2, 1, 1L, Map.of("lr", 0.005), config, false, TOKEN);
    TrialTrainer trainer =
        GistTrainers.create(
            new TrainerEnvironment(
                work.resolve("data"), work.resolve("cache"), List.of(data), List.of()));
    EventSink sink =
        new EventSink() {
          @Override
          public void send(WireMessage m) {
            sent.add(m);
            if (m instanceof EpochMetrics e && e.epoch() >= pruneAfterEpoch) {
              stop.request(StopRequest.Kind.PRUNE);
            }
          }

          @Override
          public void sendDurably(WireMessage m) {
            send(m);
          }
        };
    AttemptArtifacts artifacts = new AttemptArtifacts(store, work.resolve("cache/scratch"));
    new TrialRun(a, "w-1", trainer, sink, Clock.systemUTC(), stop, WorkerMetrics.NONE, artifacts)
        .run();
    assertThat(sent).allSatisfy(m -> assertThat(WorkerReportChecks.problem(m)).isNull());
    assertThat(scratchFiles()).as("no temporary files left").isEmpty();
    return sent.stream()
        .filter(m -> m instanceof TrialFinished)
        .map(m -> (TrialFinished) m)
        .findFirst()
        .orElse(null);
  }

  private List<Path> scratchFiles() {
    Path scratch = work.resolve("cache/scratch");
    if (!Files.exists(scratch)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(scratch)) {
      return s.filter(p -> !p.equals(scratch)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ArtifactStore directory() {
    return ArtifactStores.open(work.resolve("store").toUri(), S3Settings.DEFAULT);
  }

  private static void assertStored(ArtifactStore store, List<ArtifactRef> refs) {
    for (ArtifactRef r : refs) {
      assertThat(r.key()).isEqualTo("s-1/2/1/" + r.name());
      ArtifactInfo verified = ArtifactDownloads.verify(store, r.key());
      assertThat(verified.size()).isEqualTo(r.size());
      assertThat(verified.sha256()).isEqualTo(r.sha256());
    }
  }

  @Test
  void aCompleteAttemptStoresItsBestEpochByDefault() {
    try (ArtifactStore store = directory()) {
      TrialFinished f = run(store);
      assertThat(f.outcome()).isEqualTo(TrialFinished.COMPLETE);
      assertThat(f.artifacts())
          .extracting(ArtifactRef::name)
          .containsExactly("best.safetensors", "best.json");
      assertThat(f.artifactError()).isNull();
      assertStored(store, f.artifacts());
      assertThat(store.list("s-1/2/1"))
          .extracting(ArtifactInfo::key)
          .containsExactlyInAnyOrder("s-1/2/1/best.safetensors", "s-1/2/1/best.json");
    }
  }

  @Test
  void bestAndLastStoresBothAndNoneStoresNoWeights() {
    try (ArtifactStore store = directory()) {
      TrialFinished f = run(store, "artifacts", "best_and_last");
      assertThat(f.artifacts())
          .extracting(ArtifactRef::name)
          .containsExactly("best.safetensors", "best.json", "last.safetensors", "last.json");
      assertStored(store, f.artifacts());
      sent.clear();
      TrialFinished none = run(store, "artifacts", "none", "seed", 7);
      assertThat(none.artifacts()).isEmpty();
      assertThat(none.artifactError()).isNull();
      assertThat(none.epochsRun()).isEqualTo(2);
    }
  }

  @Test
  void aPrunedOrFailedAttemptStoresNoWeightsAndLeavesNoTemporaryFiles() {
    try (ArtifactStore store = directory()) {
      pruneAfterEpoch = 1;
      TrialFinished pruned = run(store);
      assertThat(pruned.outcome()).isEqualTo(TrialFinished.PRUNED);
      assertThat(pruned.artifacts()).isEmpty();
      assertThat(pruned.artifactError()).isNull();
      pruneAfterEpoch = Integer.MAX_VALUE;
      sent.clear();
      assertThat(run(store, "batch_size", 16, "lr", 1e9)).as("diverges: fails").isNull();
      assertThat(store.list("s-1")).isEmpty();
    }
  }

  @Test
  void anUnwritableDirectoryGivesAnArtifactErrorAndKeepsTheMetrics() throws IOException {
    ArtifactStore store = directory();
    Path root = work.resolve("store");
    try (store) {
      try (Stream<Path> s = Files.walk(root)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      Files.writeString(root, "not a folder any more");
      TrialFinished f = run(store);
      assertThat(f.outcome()).isEqualTo(TrialFinished.COMPLETE);
      assertThat(f.bestValue()).isBetween(0.0, 1.0);
      assertThat(f.epochsRun()).isEqualTo(2);
      assertThat(sent).filteredOn(m -> m instanceof EpochMetrics).hasSize(2);
      assertThat(f.artifacts()).isEmpty();
      assertThat(f.artifactError())
          .startsWith("storing best failed: ")
          .contains(store.uri().toString())
          .contains("best.safetensors");
      System.out.println("artifact_error (unwritable directory): " + f.artifactError());
    }
  }

  @Test
  void anUnreachableS3EndpointGivesAnArtifactErrorAndKeepsTheMetrics() throws IOException {
    int closed = FreePorts.next(); // nothing listens there
    S3Settings s3 =
        S3Settings.forEndpoint(
            URI.create("http://127.0.0.1:" + closed),
            "us-east-1",
            new S3Credentials("key", "secret"));
    try (ArtifactStore store = ArtifactStores.open(URI.create("s3://gist-test/runs"), s3)) {
      TrialFinished f = run(store);
      assertThat(f.outcome()).isEqualTo(TrialFinished.COMPLETE);
      assertThat(f.bestValue()).isBetween(0.0, 1.0);
      assertThat(f.artifacts()).isEmpty();
      assertThat(f.artifactError())
          .startsWith("storing best failed: ")
          .contains("s3://gist-test/runs");
      System.out.println("artifact_error (closed port): " + f.artifactError());
    }
  }
}
