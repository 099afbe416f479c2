package org.gistsweep.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.gistsweep.cli.process.ChildProcess;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker process SIGKILLed in the middle of epoch k &gt; 1 of a multi-epoch trial: the trial's
 * next attempt resumes from the last epoch checkpoint the orchestrator recorded (epoch k-1, or k
 * when epoch k's report made it out before the kill), trains only the epochs after it, and the
 * trial ends with epochs 1..N recorded once each, equal to those of the same trial run without a
 * fault in a second study (same spec, same seed). Real processes: a broker, the orchestrator and
 * two DJL workers started by the {@code gist-sweep} command line, sharing the default artifact
 * store under their home. What happened (the epoch the kill hit, where the next attempt resumed,
 * what a run without resume would have retrained) is written to {@code resume.txt} beside the
 * processes' logs under {@code target/chaos/ResumeChaosIT-<time>/}.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
class ResumeChaosIT {
  static final int EPOCHS = 5;
  static final long LEASE_SECONDS = 10;
  static final String SWEEP =
      """
      name: %s
      budget: {trials: 1, parallel: 1, epochs: %d, max_attempts: 3}
      sampler: {type: random, seed: 7}
      pruner: {type: none}
      training: {task: synthetic-shapes, peft: adapter, adapter_dim: 4, batch_size: 32, warmup_epochs: 0,
                 train_split: %s, eval_split: %s, resume: true}
      space:
        lr:   {type: float, low: 3.0e-3, high: 2.0e-2, log: true}
      """;

  private final FaultLog log = new FaultLog();

  @Test
  void aWorkerKilledMidEpochIsResumedFromItsLastCheckpointAndMatchesAnUnbrokenRun()
      throws IOException {
    Path runDir =
        Path.of(
                "target",
                "chaos",
                "ResumeChaosIT-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss")))
            .toAbsolutePath();
    Path data = ChaosData.prepare(Path.of("target", "resume-chaos-data").toAbsolutePath(), 192, 64);
    Files.createDirectories(runDir);
    try (SweepCluster cluster =
        new SweepCluster(runDir, data, 2, Duration.ofSeconds(LEASE_SECONDS))) {
      cluster.start();
      OrchestratorApi api = cluster.api();
      String broken = cluster.submit(spec(runDir, "resume-broken"));
      log.note(
          "submitted study %s (%d epochs, resume: true); logs in %s",
          broken, EPOCHS, cluster.logDir());

      JsonNode victim =
          Waits.until(
              "trial 0 mid-way with its latest epoch's checkpoint recorded (epoch >= 2)",
              Duration.ofMinutes(2),
              () -> trial(api, broken).filter(ResumeChaosIT::checkpointedMidway));
      int recordedBeforeKill = victim.path("current_epoch").asInt();
      ChildProcess worker = cluster.worker(victim.path("worker").asText());
      worker.kill();
      log.note(
          "SIGKILL %s in epoch %d of trial 0 attempt %d (epochs 1..%d recorded, checkpoint of epoch"
              + " %d)",
          worker.name(),
          recordedBeforeKill + 1,
          victim.path("attempt").asInt(),
          recordedBeforeKill,
          victim.path("checkpoint").path("epoch").asInt());

      JsonNode done = awaitComplete(api, broken);
      JsonNode trial = done.path("trials").get(0);
      assertThat(trial.path("state").asText()).isEqualTo("COMPLETE");
      assertThat(trial.path("attempt").asInt()).as("attempts of the trial").isEqualTo(2);
      JsonNode resumedFrom = trial.path("attempts").get(1).path("resumed_from");
      int resumedAt = resumedFrom.path("epoch").asInt();
      assertThat(resumedFrom.path("attempt").asInt())
          .as("attempt whose checkpoint attempt 2 resumed from")
          .isEqualTo(1);
      assertThat(resumedAt)
          .as(
              "epoch of the checkpoint attempt 2 resumed from (the kill hit epoch %d)",
              recordedBeforeKill + 1)
          .isBetween(recordedBeforeKill, recordedBeforeKill + 1);
      assertThat(trial.path("resume_note").asText())
          .contains("resumed at epoch " + (resumedAt + 1))
          .contains("was lost");
      assertThat(epochNumbers(trial))
          .as("epochs recorded, each once")
          .containsExactlyElementsOf(IntStream.rangeClosed(1, EPOCHS).boxed().toList());

      List<WireMessage> wire = Records.events(cluster.bootstrap(), broken);
      assertThat(epochsReported(wire, 2))
          .as("epochs attempt 2 trained and reported")
          .containsExactlyElementsOf(IntStream.rangeClosed(resumedAt + 1, EPOCHS).boxed().toList());
      assertThat(epochsReported(wire, 1))
          .as("epochs attempt 1 reported before the kill")
          .startsWith(IntStream.rangeClosed(1, resumedAt).boxed().toArray(Integer[]::new));
      TrialAssignment second =
          Records.assignments(cluster.bootstrap(), broken).stream()
              .filter(a -> a.attempt() == 2)
              .findFirst()
              .orElseThrow();
      assertThat(second.resumeFrom()).as("attempt 2's assignment").isNotNull();
      assertThat(second.resumeFrom().epoch()).isEqualTo(resumedAt);
      log.note(
          "attempt 2 (on %s) resumed from the checkpoint of epoch %d and trained epochs %d..%d;"
              + " without resume it would have trained epochs 1..%d again (%d of %d epochs)",
          trial.path("worker").asText(),
          resumedAt,
          resumedAt + 1,
          EPOCHS,
          resumedAt,
          resumedAt,
          EPOCHS);

      String unbroken = cluster.submit(spec(runDir, "resume-unbroken"));
      JsonNode reference = awaitComplete(api, unbroken).path("trials").get(0);
      assertThat(reference.path("attempt").asInt()).as("attempts of the unbroken run").isEqualTo(1);
      assertThat(reference.path("params")).as("the same trial").isEqualTo(trial.path("params"));
      for (int e = 0; e < EPOCHS; e++) {
        JsonNode got = trial.path("epochs").get(e);
        JsonNode want = reference.path("epochs").get(e);
        for (String metric : List.of("train_loss", "val_top1", "ce_cls", "lr")) {
          double expected = want.path(metric).asDouble();
          assertThat(got.path(metric).asDouble())
              .as("epoch %d %s of the resumed trial vs the unbroken run", e + 1, metric)
              .isCloseTo(expected, within(Math.abs(expected) * 1e-6 + 1e-12));
        }
      }
      assertThat(trial.path("value").asDouble())
          .as("value")
          .isEqualTo(reference.path("value").asDouble());
      log.note(
          "epochs 1..%d of the resumed trial equal the unbroken run's (train_loss, val_top1,"
              + " ce_cls, lr to 1e-6 relative); value %.4f both",
          EPOCHS, trial.path("value").asDouble());
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          "resume chaos run failed; what happened:\n" + log.report() + "\n" + e.getMessage(), e);
    } finally {
      Files.writeString(runDir.resolve("resume.txt"), log.report());
    }
  }

  private static Path spec(Path runDir, String name) throws IOException {
    return Files.writeString(
        runDir.resolve(name + ".yaml"),
        SWEEP.formatted(name, EPOCHS, ChaosData.TRAIN, ChaosData.EVAL));
  }

  private static Optional<JsonNode> trial(OrchestratorApi api, String study) {
    return api.study(study)
        .map(s -> s.path("trials").get(0))
        .filter(t -> t != null && !t.isMissingNode());
  }

  /**
   * RUNNING in epoch k >= 3 of attempt 1, with epoch k-1's checkpoint recorded: the kill lands in
   * the middle of epoch k.
   */
  private static boolean checkpointedMidway(JsonNode t) {
    int current = t.path("current_epoch").asInt();
    return "RUNNING".equals(t.path("state").asText())
        && t.path("attempt").asInt() == 1
        && current >= 2
        && current < EPOCHS - 1
        && t.path("checkpoint").path("epoch").asInt() == current;
  }

  private JsonNode awaitComplete(OrchestratorApi api, String study) {
    JsonNode done =
        Waits.until(
            "study " + study + " to complete",
            Duration.ofMinutes(3),
            () -> api.study(study).filter(s -> "complete".equals(s.path("state").asText())));
    log.note("study %s complete: %s", study, done.path("counts"));
    return done;
  }

  private static List<Integer> epochNumbers(JsonNode trial) {
    List<Integer> out = new ArrayList<>();
    trial.path("epochs").forEach(e -> out.add(e.path("epoch").asInt()));
    return out;
  }

  private static List<Integer> epochsReported(List<WireMessage> wire, int attempt) {
    return wire.stream()
        .filter(m -> m instanceof EpochMetrics em && em.trial() == 0 && em.attempt() == attempt)
        .map(m -> ((EpochMetrics) m).epoch())
        .distinct()
        .sorted()
        .toList();
  }
}
