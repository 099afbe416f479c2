package org.gistsweep.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.gistsweep.artifacts.ArtifactInfo;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.artifacts.AttemptLogReader;
import org.gistsweep.artifacts.S3Settings;
import org.gistsweep.cli.broker.KafkaBrokerExtension;
import org.gistsweep.cli.process.ChildProcess;
import org.gistsweep.cli.process.GistCli;
import org.gistsweep.cli.process.ProcessGroup;
import org.gistsweep.cli.process.Readiness;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.kafka.KafkaTopology;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Waits;
import org.gistsweep.worker.data.SyntheticShapes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process (a child JVM running {@code gist-sweep worker --artifacts file://...}, with the
 * command line's real logging provider) streams its attempt's log lines to the store while it
 * trains; SIGKILLed mid-trial, the store still holds every line it printed up to about a second
 * before the kill, and no weights (the attempt never completed). Restarted on the same cache, the
 * worker deletes the scratch folder its killed run left.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
class AttemptLogKillIT {
  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();

  /**
   * Lines printed this long before the kill must be in the store (the log is flushed every second).
   */
  private static final Duration FLUSHED = Duration.ofMillis(2500);

  @TempDir Path home;

  @Test
  void aSigkilledWorkersAttemptLogHoldsItsLinesUpToTheKill() throws IOException {
    String bootstrap = BROKER.bootstrap();
    KafkaTopology.ensure(bootstrap, (short) 1, Map.of(), Duration.ofSeconds(30));
    Path task = SyntheticShapes.ensure(home.resolve("data"), "synthetic-shapes");
    Files.write(
        task.resolve("kill-train.txt"),
        Files.readAllLines(task.resolve("train800.txt")).subList(0, 64));
    Files.write(
        task.resolve("kill-test.txt"), Files.readAllLines(task.resolve("test.txt")).subList(0, 32));
    Path storeDir = home.resolve("store");
    String study = "kill-" + System.nanoTime();
    String log = study + "/0/1/log";
    try (ProcessGroup group = new ProcessGroup(home.resolve("logs"));
        ArtifactStore store = ArtifactStores.open(storeDir.toUri(), S3Settings.DEFAULT)) {
      ChildProcess worker =
          group
              .child(
                  "worker",
                  GistCli.command(
                      List.of("-Xmx512m"),
                      "worker",
                      "--bootstrap",
                      bootstrap,
                      "--id",
                      "kill-w1",
                      "--artifacts",
                      storeDir.toUri().toString()),
                  GistCli.environment(home),
                  Readiness.logLine("Worker kill-w1 ready"),
                  Duration.ofMinutes(2))
              .start();
      Records.produce(
          bootstrap,
          Topics.TRIALS,
          List.of(
              new TrialAssignment(
                  WireMessage.SCHEMA_VERSION,
                  study,
                  0,
                  1,
                  System.currentTimeMillis(),
                  Map.of("lr", 0.01),
                  Map.of(
                      "train_split",
                      "kill-train",
                      "eval_split",
                      "kill-test",
                      "epochs",
                      200,
                      "batch_size",
                      16,
                      "lr",
                      0.01))));

      Waits.until(
          "epoch 3 of " + study + " in the store",
          Duration.ofMinutes(2),
          () -> text(store, log).contains("epoch 3/200"));
      Waits.pause(
          FLUSHED.plusSeconds(1)); // training on: lines up to the kill, some not flushed yet
      LocalTime killedAt = LocalTime.now();
      worker.kill();

      String stored = text(store, log);
      List<String> printed =
          worker
              .currentRunLog()
              .lines()
              .filter(l -> l.contains("trial " + study + "/0 attempt 1"))
              .toList();
      List<String> before =
          printed.stream().filter(l -> printedBefore(l, killedAt.minus(FLUSHED))).toList();
      assertThat(before)
          .as("the worker printed the attempt's lines")
          .anySatisfy(l -> assertThat(l).contains("epoch 3/200"))
          .anySatisfy(l -> assertThat(l).contains("started on worker kill-w1"));
      assertThat(stored.lines().toList())
          .as("every line printed until %s before the kill is in the store", FLUSHED)
          .containsAll(before);
      List<String> storedLines = stored.lines().toList();
      List<String> lost = printed.stream().filter(l -> !storedLines.contains(l)).toList();
      System.out.printf(
          "SIGKILL at %s: the worker printed %d lines of the attempt, the store holds %d; the %d"
              + " not stored were printed from %s on%n",
          killedAt,
          printed.size(),
          storedLines.size(),
          lost.size(),
          lost.isEmpty() ? "-" : lost.get(0).substring(0, 12));
      assertThat(stored)
          .doesNotContain("Worker kill-w1 ready"); // the worker's lines about other things stay out
      assertThat(store.list(study))
          .extracting(ArtifactInfo::key)
          .as("the log, and the epoch checkpoints a resumed attempt would use")
          .allSatisfy(
              k ->
                  assertThat(k)
                      .matches(
                          Pattern.quote(log)
                              + "/.*|"
                              + Pattern.quote(study + "/0/1/")
                              + "checkpoint-\\d+\\.safetensors"));

      List<Path> left = scratchFolders();
      assertThat(left)
          .as("the killed attempt's scratch folder, with its best epoch so far")
          .hasSize(1);
      assertThat(left.get(0).resolve("best.safetensors")).exists();
      Waits.pause(Duration.ofSeconds(5)); // older than a lock file being made just now
      worker.start();
      assertThat(left.get(0)).as("deleted by the restarted worker").doesNotExist();
    }
  }

  private List<Path> scratchFolders() throws IOException {
    try (var folders = Files.list(home.resolve("cache/scratch"))) {
      return folders.toList();
    }
  }

  private static boolean printedBefore(String line, LocalTime limit) {
    try {
      return LocalTime.parse(line.substring(0, 12)).isBefore(limit);
    } catch (DateTimeParseException | IndexOutOfBoundsException e) {
      return false;
    }
  }

  private static String text(ArtifactStore store, String log) {
    return AttemptLogReader.read(store, log).text();
  }
}
