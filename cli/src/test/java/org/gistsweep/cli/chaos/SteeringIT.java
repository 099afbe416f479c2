package org.gistsweep.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Steering a running sweep on real processes (a broker, the orchestrator and one DJL worker, all
 * started by the {@code gist-sweep} command line), with the orchestrator SIGKILLed and started
 * again after each control:
 *
 * <ol>
 *   <li>pause: no new assignment reaches {@code gist.trials} for 20 s while the running trial
 *       finishes; the restarted orchestrator is still paused;
 *   <li>enqueue: bad params get 400 naming the field; good ones survive a restart and the next
 *       trial runs with exactly them once {@code study resume} lets dispatching go on;
 *   <li>extend ({@code study extend --trials}): the complete study reopens and runs one more trial;
 *   <li>cancel, mid-epoch: the worker stops within one training step (its log says after which step
 *       the stop came and after which it stopped), the trial is CANCELLED with its first epoch
 *       kept, and the worker takes the next study's trial;
 *   <li>archive ({@code study archive}): hidden from {@code study list}, still archived after a
 *       restart;
 *   <li>chaos: a trial stop and a SIGKILL of the worker running that trial, at the same moment; the
 *       trial ends CANCELLED, is never issued again, and the study goes on;
 *   <li>stop: the running trial completes, nothing new starts, the study is stopped.
 * </ol>
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
class SteeringIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Duration PAUSE_WINDOW = Duration.ofSeconds(20);
  private static final Pattern STOPPED =
      Pattern.compile(
          "stopped \\(CANCEL\\) after (\\d+) training step\\(s\\); the stop came after step"
              + " (\\d+)");

  private static final String TRAINING =
      "training: {task: synthetic-shapes, peft: adapter, adapter_dim: 4, warmup_epochs: 0, eval_split: %s, "
          .formatted(ChaosData.EVAL);
  static final String LIGHT =
      """
      name: steer
      budget: {trials: 3, parallel: 1, epochs: 3}
      sampler: {type: random, seed: 5}
      %s batch_size: 16, train_split: %s}
      space:
        gist: {type: categorical, choices: [true, false]}
        lr:   {type: float, low: 3.0e-3, high: 2.0e-2, log: true}
      """
          .formatted(TRAINING, ChaosData.TRAIN);

  /** Eight visible training steps of 100 images per epoch. */
  static final String HEAVY =
      """
      name: heavy
      budget: {trials: 1, parallel: 1, epochs: 4}
      sampler: {type: random, seed: 6}
      %s batch_size: 100, train_split: train800}
      space:
        lr: {type: float, low: 3.0e-3, high: 2.0e-2, log: true}
      """
          .formatted(TRAINING);

  static final int HEAVY_STEPS_PER_EPOCH = 8;
  static final String NEXT =
      """
      name: next
      budget: {trials: 2, parallel: 1, epochs: 3}
      sampler: {type: random, seed: 7}
      %s batch_size: 16, train_split: %s}
      space:
        lr: {type: float, low: 3.0e-3, high: 2.0e-2, log: true}
      """
          .formatted(TRAINING, ChaosData.TRAIN);

  private final FaultLog log = new FaultLog();
  private SweepCluster cluster;
  private OrchestratorApi api;

  @Test
  void pauseEnqueueResumeExtendCancelAndAStopRacingAWorkerKillSurviveOrchestratorKills()
      throws IOException {
    Path runDir =
        Path.of(
                "target",
                "chaos",
                "SteeringIT-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss")))
            .toAbsolutePath();
    Path data = ChaosData.prepare(Path.of("target", "chaos-data").toAbsolutePath(), 64, 64);
    Files.createDirectories(runDir);
    try (SweepCluster c = new SweepCluster(runDir, data, 1, Duration.ofSeconds(12))) {
      cluster = c.start();
      api = cluster.api();
      log.note("broker, orchestrator and 1 worker ready; logs in %s", cluster.logDir());
      String light = cluster.submit(Files.writeString(runDir.resolve("light.yaml"), LIGHT));
      int issued = pauseHoldsThroughARestart(light);
      enqueueThenResume(light, issued);
      extendReopens(light);
      String heavy = cluster.submit(Files.writeString(runDir.resolve("heavy.yaml"), HEAVY));
      String next = cluster.submit(Files.writeString(runDir.resolve("next.yaml"), NEXT));
      cancelStopsWithinAStep(heavy, next);
      stopRacingAWorkerKill(
          cluster.submit(
              Files.writeString(
                  runDir.resolve("race.yaml"), NEXT.replace("name: next", "name: race"))));
      stopLetsTheRunningTrialFinish(
          cluster.submit(
              Files.writeString(
                  runDir.resolve("stop.yaml"), NEXT.replace("name: next", "name: stop"))));
      log.note("all checks passed in %.0f s", log.elapsedSeconds());
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          "steering run failed; what happened:\n" + log.report() + "\n" + e.getMessage(), e);
    }
  }

  private int pauseHoldsThroughARestart(String study) {
    trial(study, 0, "RUNNING", t -> "RUNNING".equals(t.path("state").asText()));
    OrchestratorApi.Reply paused = api.post("/api/studies/" + study + "/pause", "");
    long pausedAt = System.nanoTime();
    assertThat(paused.status()).isEqualTo(200);
    assertThat(paused.body().path("state").asText()).isEqualTo("paused");
    int issued = Records.assignments(cluster.bootstrap(), study).size();
    log.note("paused %s with trial 0 running; %d assignment(s) issued", study, issued);
    restartOrchestrator(study);
    awaitStudy(study, "the running trial to finish while paused", s -> live(s) == 0);
    Waits.pause(PAUSE_WINDOW.minusNanos(System.nanoTime() - pausedAt));
    JsonNode s = api.study(study).orElseThrow();
    assertThat(s.path("state").asText()).isEqualTo("paused");
    assertThat(s.path("counts").path("COMPLETE").asInt()).as("trials finished").isEqualTo(issued);
    assertThat(Records.assignments(cluster.bootstrap(), study))
        .as("assignments on gist.trials %d s after the pause", PAUSE_WINDOW.toSeconds())
        .hasSize(issued);
    log.note(
        "no new assignment for %d s while trial %d finished", PAUSE_WINDOW.toSeconds(), issued - 1);
    return issued;
  }

  private static int live(JsonNode study) {
    return study.path("counts").path("RUNNING").asInt()
        + study.path("counts").path("WAITING").asInt();
  }

  private void enqueueThenResume(String study, int nextTrial) {
    OrchestratorApi.Reply bad =
        api.post("/api/studies/" + study + "/enqueue", "{\"params\": {\"lr\": 9.0}}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().path("field").asText()).isEqualTo("params.lr");
    OrchestratorApi.Reply unknown =
        api.post("/api/studies/" + study + "/enqueue", "{\"params\": {\"lrr\": 0.01}}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body().path("field").asText()).isEqualTo("params.lrr");
    OrchestratorApi.Reply ok =
        api.post(
            "/api/studies/" + study + "/enqueue", "{\"params\": {\"lr\": 0.005, \"gist\": true}}");
    assertThat(ok.status()).isEqualTo(200);
    restartOrchestrator(study);
    assertThat(cluster.study("resume", study)).contains("resumed (state running)");
    restartOrchestrator(study);
    TrialAssignment second =
        Waits.until(
            "trial " + nextTrial + " to be issued after the resume",
            WAIT,
            () ->
                Records.assignments(cluster.bootstrap(), study).stream()
                    .filter(a -> a.trial() == nextTrial)
                    .findFirst());
    assertThat(second.params())
        .as("the enqueued params, exactly")
        .isEqualTo(Map.of("lr", 0.005, "gist", true));
    awaitStudy(study, "the study to complete", s -> "complete".equals(s.path("state").asText()));
    log.note("enqueued params ran as trial %d; study complete", nextTrial);
  }

  private void extendReopens(String study) {
    assertThat(cluster.study("extend", study, "--trials", "4")).contains("extended to 4 trials");
    restartOrchestrator(study);
    JsonNode done =
        awaitStudy(
            study,
            "the extended study to complete its 4th trial",
            s ->
                "complete".equals(s.path("state").asText())
                    && s.path("counts").path("COMPLETE").asInt() == 4);
    assertThat(done.path("max_trials").asInt()).isEqualTo(4);
    assertThat(Records.assignments(cluster.bootstrap(), study).stream().map(TrialAssignment::trial))
        .containsExactly(0, 1, 2, 3);
    log.note("extended to 4 trials: reopened and completed");
  }

  private void cancelStopsWithinAStep(String heavy, String next) {
    trial(
        heavy,
        0,
        "in its second epoch",
        t -> "RUNNING".equals(t.path("state").asText()) && t.path("current_epoch").asInt() >= 1);
    OrchestratorApi.Reply cancelled = api.post("/api/studies/" + heavy + "/cancel", "");
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.body().path("state").asText()).isEqualTo("cancelled");
    JsonNode t = SweepChecks.trials(api.study(heavy).orElseThrow()).get(0);
    assertThat(t.path("state").asText()).isEqualTo("CANCELLED");
    int kept = t.path("epochs").size();
    assertThat(kept).as("the cancelled trial keeps its epochs").isBetween(1, 3);
    String stop =
        Waits.until(
            "the worker to log where it stopped",
            WAIT,
            () -> {
              Matcher m = STOPPED.matcher(cluster.worker("chaos-w1").currentRunLog());
              return m.find() ? Optional.of(m.group(0)) : Optional.empty();
            });
    Matcher m = STOPPED.matcher(stop);
    assertThat(m.find()).isTrue();
    int trained = Integer.parseInt(m.group(1));
    int requestedAfter = Integer.parseInt(m.group(2));
    log.note("cancelled %s mid-epoch: the worker %s", heavy, stop);
    assertThat(requestedAfter)
        .as("the stop came after the first epoch")
        .isGreaterThanOrEqualTo(HEAVY_STEPS_PER_EPOCH);
    assertThat(trained)
        .as("steps trained (the stop came after step %d)", requestedAfter)
        .isLessThanOrEqualTo(requestedAfter + 1)
        .isLessThan(4 * HEAVY_STEPS_PER_EPOCH);
    trial(
        next,
        0,
        "RUNNING on the worker that was cancelled",
        x ->
            "RUNNING".equals(x.path("state").asText())
                && "chaos-w1".equals(x.path("worker").asText()));
    restartOrchestrator(heavy);
    assertThat(api.study(heavy).orElseThrow().path("state").asText()).isEqualTo("cancelled");
    assertThat(cluster.study("archive", heavy)).contains("archived");
    restartOrchestrator(heavy);
    assertThat(api.study(heavy).orElseThrow().path("archived").asBoolean()).isTrue();
    assertThat(cluster.study("list")).doesNotContain(heavy).contains(next);
    log.note("archived %s; still archived after a restart", heavy);
  }

  private void stopLetsTheRunningTrialFinish(String study) {
    trial(study, 0, "RUNNING", t -> "RUNNING".equals(t.path("state").asText()));
    OrchestratorApi.Reply stopping = api.post("/api/studies/" + study + "/stop", "");
    assertThat(stopping.status()).isEqualTo(200);
    assertThat(stopping.body().path("state").asText()).isEqualTo("stopping");
    restartOrchestrator(study);
    JsonNode stopped =
        awaitStudy(
            study, "the study to be stopped", s -> "stopped".equals(s.path("state").asText()));
    assertThat(SweepChecks.trials(stopped).get(0).path("state").asText())
        .as("the running trial finished")
        .isEqualTo("COMPLETE");
    assertThat(stopped.path("counts").path("COMPLETE").asInt()).isEqualTo(1);
    assertThat(Records.assignments(cluster.bootstrap(), study))
        .as("no trial after the stop")
        .hasSize(1);
    log.note("stopped %s: its running trial completed, nothing new started", study);
  }

  private void stopRacingAWorkerKill(String study) {
    JsonNode victim = trial(study, 0, "RUNNING", t -> "RUNNING".equals(t.path("state").asText()));
    CompletableFuture<Void> kill =
        CompletableFuture.runAsync(() -> cluster.worker("chaos-w1").kill());
    OrchestratorApi.Reply stopped =
        api.post("/api/studies/" + study + "/trials/0/stop", "{\"as\": \"cancelled\"}");
    kill.join();
    assertThat(stopped.status()).isEqualTo(200);
    restartOrchestrator(study);
    log.note(
        "chaos: stopped trial 0 of %s (attempt %d) while SIGKILLing its worker",
        study, victim.path("attempt").asInt());
    cluster.worker("chaos-w1").start();
    JsonNode done =
        awaitStudy(
            study,
            "the study to complete after the race",
            s -> "complete".equals(s.path("state").asText()));
    assertThat(SweepChecks.trials(done).stream().map(t -> t.path("state").asText()))
        .containsExactly("CANCELLED", "COMPLETE");
    assertThat(
            Records.assignments(cluster.bootstrap(), study).stream()
                .map(a -> a.trial() + "/" + a.attempt()))
        .as("the stopped trial was never issued again")
        .containsExactly("0/1", "1/1");
    log.note("chaos: trial 0 stayed CANCELLED, trial 1 completed on the restarted worker");
  }

  /**
   * SIGKILLs the orchestrator, starts it again and checks it serves the study as it was steered.
   */
  private void restartOrchestrator(String study) {
    JsonNode before = api.study(study).orElseThrow();
    cluster.orchestrator().kill();
    cluster.orchestrator().start();
    JsonNode after =
        Waits.until(
            "study " + study + " to be served again",
            Duration.ofSeconds(60),
            () -> api.study(study));
    for (String field : List.of("controls", "enqueued", "max_trials", "budget", "archived")) {
      assertThat(after.path(field)).as("%s after the restart", field).isEqualTo(before.path(field));
    }
    String moved = before.path("state").asText() + " -> " + after.path("state").asText();
    if (!"complete".equals(after.path("state").asText()) && !moved.equals("stopping -> stopped")) {
      assertThat(after.path("state").asText())
          .as("state after the restart")
          .isEqualTo(before.path("state").asText());
    }
    log.note(
        "SIGKILLed and restarted the orchestrator: %s is %s with %d control(s)",
        study, after.path("state").asText(), after.path("controls").size());
  }

  private JsonNode trial(String study, int number, String what, Predicate<JsonNode> wanted) {
    return Waits.until(
        "trial " + number + " of " + study + " " + what,
        WAIT,
        () ->
            api.study(study)
                .map(SweepChecks::trials)
                .filter(ts -> ts.size() > number)
                .map(ts -> ts.get(number))
                .filter(wanted));
  }

  private JsonNode awaitStudy(String study, String what, Predicate<JsonNode> wanted) {
    return Waits.until(
        what + " (study " + study + ")", WAIT, () -> api.study(study).filter(wanted));
  }
}
