package org.gistsweep.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.artifacts.S3Settings;
import org.gistsweep.cli.broker.KafkaBrokerExtension;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.ResumePoint;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.TrialSuspended;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.kafka.KafkaTopology;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.worker.data.SyntheticShapes;
import org.gistsweep.worker.runtime.WorkerNode;
import org.gistsweep.worker.runtime.WorkerOptions;
import org.gistsweep.worker.train.GistTrainers;
import org.gistsweep.worker.train.TrainerEnvironment;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over the real broker, a real worker (DJL, tiny model) and a directory store: a {@code suspend}
 * control in the middle of a trial makes the worker finish the epoch, store its checkpoint and send
 * TrialSuspended; a second attempt assigned with that checkpoint as {@code resumeFrom} starts at
 * the next epoch, and the epochs of the two attempts equal those of the same trial run unbroken.
 */
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WorkerSuspendResumeIT {
  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();
  private static final int EPOCHS = 6;

  @TempDir Path dir;

  @Test
  void aSuspendedTrialResumesInASecondAttemptAndTrainsTheSameEpochsAsAnUnbrokenOne()
      throws Exception {
    String bootstrap = BROKER.bootstrap();
    KafkaTopology.ensure(bootstrap, (short) 1, Map.of(), Duration.ofSeconds(30));
    Path data = dir.resolve("data");
    Path task = SyntheticShapes.ensure(data, "synthetic-shapes");
    Files.write(
        task.resolve("mini-train.txt"),
        Files.readAllLines(task.resolve("train800.txt")).subList(0, 96));
    Files.write(
        task.resolve("mini-test.txt"), Files.readAllLines(task.resolve("test.txt")).subList(0, 32));
    String study = "suspend-" + System.nanoTime();
    try (ArtifactStore store =
        ArtifactStores.open(dir.resolve("store").toUri(), S3Settings.DEFAULT)) {
      WorkerOptions options =
          new WorkerOptions(
                  bootstrap,
                  "w-suspend",
                  data,
                  dir.resolve("cache"),
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(5),
                  Map.of(),
                  Clock.systemUTC())
              .withArtifacts(store);
      var trainer =
          GistTrainers.create(
              new TrainerEnvironment(data, dir.resolve("cache"), List.of(data), List.of()));
      try (WorkerNode worker = WorkerNode.start(options, trainer)) {
        Records.produce(
            bootstrap,
            Topics.TRIALS,
            List.of(assignment(study, 0, 1, null, data, "resume", false)));
        List<WireMessage> unbroken =
            Records.awaitEvents(
                bootstrap,
                study,
                Duration.ofSeconds(90),
                m -> m.stream().anyMatch(e -> e instanceof TrialFinished f && f.trial() == 0));

        Records.produce(bootstrap, Topics.TRIALS, List.of(assignment(study, 1, 1, null, data)));
        Records.awaitEvents(
            bootstrap,
            study,
            Duration.ofSeconds(60),
            m -> m.stream().anyMatch(e -> e instanceof TrialStarted s && s.trial() == 1));
        Records.produce(
            bootstrap,
            Topics.CONTROL,
            List.of(
                new TrialControl(
                    WireMessage.SCHEMA_VERSION,
                    study,
                    1,
                    1,
                    System.currentTimeMillis(),
                    TrialControl.SUSPEND,
                    "a person needs the GPU")));
        TrialSuspended suspended =
            (TrialSuspended)
                Records.awaitEvents(
                        bootstrap,
                        study,
                        Duration.ofSeconds(60),
                        m -> m.stream().anyMatch(e -> e instanceof TrialSuspended))
                    .stream()
                    .filter(e -> e instanceof TrialSuspended)
                    .findFirst()
                    .orElseThrow();
        int k = suspended.epoch();
        assertThat(k).isBetween(1, EPOCHS - 1);
        assertThat(suspended.reason()).isEqualTo(TrialSuspended.ON_REQUEST);
        assertThat(store.head(suspended.checkpoint().key())).isPresent();

        Records.produce(
            bootstrap,
            Topics.TRIALS,
            List.of(assignment(study, 1, 2, ResumePoint.of(suspended.checkpoint(), k, 1), data)));
        List<WireMessage> events =
            Records.awaitEvents(
                bootstrap,
                study,
                Duration.ofSeconds(90),
                m -> m.stream().anyMatch(e -> e instanceof TrialFinished f && f.trial() == 1));

        TrialStarted second =
            events.stream()
                .filter(e -> e instanceof TrialStarted s && s.trial() == 1 && s.attempt() == 2)
                .map(e -> (TrialStarted) e)
                .findFirst()
                .orElseThrow();
        assertThat(second.resumedFromEpoch()).isEqualTo(k);
        assertThat(second.resumeRefused()).isNull();
        List<EpochMetrics> firstEpochs = epochs(events, 1, 1);
        List<EpochMetrics> secondEpochs = epochs(events, 1, 2);
        assertThat(firstEpochs).extracting(EpochMetrics::epoch).isEqualTo(range(1, k));
        assertThat(secondEpochs)
            .extracting(EpochMetrics::epoch)
            .as("no epoch trained twice")
            .isEqualTo(range(k + 1, EPOCHS));
        List<EpochMetrics> reference = epochs(unbroken, 0, 1);
        for (int e = 1; e <= EPOCHS; e++) {
          EpochMetrics got = e <= k ? firstEpochs.get(e - 1) : secondEpochs.get(e - k - 1);
          assertThat(metrics(got)).as("epoch %d", e).containsExactly(metrics(reference.get(e - 1)));
        }
        TrialFinished finished =
            events.stream()
                .filter(e -> e instanceof TrialFinished f && f.trial() == 1)
                .map(e -> (TrialFinished) e)
                .findFirst()
                .orElseThrow();
        TrialFinished reference0 =
            unbroken.stream()
                .filter(e -> e instanceof TrialFinished)
                .map(e -> (TrialFinished) e)
                .findFirst()
                .orElseThrow();
        assertThat(finished.epochsRun()).isEqualTo(EPOCHS);
        assertThat(finished.bestValue()).isEqualTo(reference0.bestValue());
        System.out.println(
            "suspended after epoch " + k + "; attempt 2 resumed at epoch " + (k + 1));
      }
    }
  }

  private static List<Integer> range(int from, int to) {
    return IntStream.rangeClosed(from, to).boxed().toList();
  }

  private static List<EpochMetrics> epochs(List<WireMessage> events, int trial, int attempt) {
    return events.stream()
        .filter(e -> e instanceof EpochMetrics m && m.trial() == trial && m.attempt() == attempt)
        .map(e -> (EpochMetrics) e)
        .toList();
  }

  private static double[] metrics(EpochMetrics e) {
    return new double[] {
      e.epoch(),
      e.trainLoss(),
      e.ceCls(),
      e.ceGist(),
      e.klClsGist(),
      e.klGistCls(),
      e.valTop1(),
      e.lr()
    };
  }

  private static TrialAssignment assignment(
      String study, int trial, int attempt, ResumePoint from, Path data, Object... extra) {
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
                EPOCHS,
                "batch_size",
                16,
                "gist_dropout",
                0.3,
                "drop_path",
                0.1,
                "lr",
                0.01));
    for (int i = 0; i < extra.length; i += 2) {
      config.put((String) extra[i], extra[i + 1]);
    }
    return new TrialAssignment(
        WireMessage.SCHEMA_VERSION,
        study,
        trial,
        attempt,
        System.currentTimeMillis(),
        Map.of("lr", 0.01),
        config,
        false,
        null,
        null,
        from,
        0);
  }
}
