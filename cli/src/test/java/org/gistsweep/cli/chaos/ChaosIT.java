package org.gistsweep.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gistsweep.cli.process.ChildProcess;
import org.gistsweep.cli.process.Waits;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.WireMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos suite: a real sweep on real processes (a broker, the orchestrator, three DJL workers,
 * all started by the {@code gist-sweep} command line) survives the faults of {@link #FAULTS},
 * injected one after the other while trials run, and ends in the state {@link #CHECKS} describe.
 *
 * <p>The fault schedule, each step waiting (by polling the HTTP API) for the state it needs:
 *
 * <ol>
 *   <li>once a trial is mid-way (RUNNING, at least one epoch reported, not the last), SIGKILL the
 *       worker running it and start that worker again with the same arguments; the dead worker's
 *       lease ({@value #LEASE_SECONDS} s) expires and the trial is issued as the next attempt;
 *   <li>once a trial is COMPLETE and another RUNNING, SIGKILL the orchestrator and start it again
 *       with the same arguments; it must serve the same study again (replayed from its journal),
 *       read worker events again within 20 s, and no terminal trial may change;
 *   <li>once a trial is mid-way, SIGKILL the broker, leave it down {@link #BROKER_DOWNTIME}, start
 *       it on the same port and data directory; the orchestrator and every worker must reconnect;
 *   <li>re-produce every record already on {@code gist.events} (duplicates), plus well-formed
 *       forgeries claiming val_top1 1.0 for a never-issued attempt and for an unknown study;
 *   <li>produce the {@link EventFaults#garbage garbage catalogue} (noise, empty, truncated JSON,
 *       schema 99, unknown type, invalid fields) onto {@code gist.events}.
 * </ol>
 *
 * <p>Set {@value #SKIP_ORCHESTRATOR_KILL}{@code =true} to leave out step 2 (for debugging the
 * others; the suite in CI runs every step). Logs of every process are under {@code
 * target/chaos/ChaosIT-<time>/}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ChaosIT {
  /** Each fault the test injects, in order. */
  static final List<String> FAULTS = List.of(
      "SIGKILL a worker mid-trial, then start it again with the same arguments",
      "SIGKILL the orchestrator, then start it again with the same arguments",
      "SIGKILL the broker mid-trial, then start it again on the same port and data directory",
      "duplicates: every record on gist.events produced again, plus forgeries for a never-issued attempt and an unknown study",
      "garbage on gist.events: undecodable bytes, empty value, truncated JSON, no schema, schema 99, unknown type, invalid fields");

  /** Each property checked once the sweep ends. */
  static final List<String> CHECKS = List.of(
      "every trial reached a terminal state exactly once: the study is complete, and on the study's event stream (every trial change, and each restarted orchestrator's snapshot) no trial changed after it was first terminal",
      "nothing was done twice across the orchestrator restart: the journal created each trial once, gist.trials holds attempts 1..final of each trial exactly once",
      "no trial has two COMPLETE results (each value is its final attempt's reported best, never a duplicate's, stale attempt's or forgery's)",
      "the final attempt's epoch metrics are complete (epochs 1..total, equal to what that attempt put on the wire)",
      "the study's best value and best trial are the best of its COMPLETE trials",
      "dead_lettered grew by exactly the garbage injected, and gist.dead-letters holds exactly those records",
      "the duplicates and forgeries were fenced (ignored_messages grew; no forged 1.0 reached a trial)",
      "the killed worker's trial was issued again and completed under a later attempt",
      "the restarted orchestrator reads worker events again within 20 s (it takes over its dead predecessor's group membership)");

  static final String SKIP_ORCHESTRATOR_KILL = "gist.chaos.skipOrchestratorKill";
  static final long LEASE_SECONDS = 12;
  static final Duration BROKER_DOWNTIME = Duration.ofSeconds(3);
  static final Duration FAULT_WAIT = Duration.ofSeconds(120);
  static final Duration SWEEP_DEADLINE = Duration.ofMinutes(5);

  static final String SWEEP =
      """
      name: chaos
      budget: {trials: 8, parallel: 3, epochs: 3, max_attempts: 6}
      sampler: {type: random, seed: 5}
      training: {task: synthetic-shapes, peft: adapter, adapter_dim: 4, batch_size: 32, warmup_epochs: 0,
                 train_split: %s, eval_split: %s}
      space:
        gist: {type: categorical, choices: [true, false]}
        lr:   {type: float, low: 3.0e-3, high: 2.0e-2, log: true}
      """.formatted(ChaosData.TRAIN, ChaosData.EVAL);

  private final FaultLog log = new FaultLog();

  @Test
  void aSweepSurvivesKilledWorkerKilledOrchestratorBrokerRestartDuplicatesAndGarbage() throws IOException {
    Path runDir = Path.of("target", "chaos", "ChaosIT-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss"))).toAbsolutePath();
    Path data = ChaosData.prepare(Path.of("target", "chaos-data").toAbsolutePath(), 64, 64);
    Files.createDirectories(runDir);
    Path spec = Files.writeString(runDir.resolve("chaos.yaml"), SWEEP);
    try (SweepCluster cluster = new SweepCluster(runDir, data, 3, Duration.ofSeconds(LEASE_SECONDS))) {
      cluster.start();
      log.note("broker, orchestrator and 3 workers ready; logs in %s", cluster.logDir());
      OrchestratorApi api = cluster.api();
      String study = cluster.submit(spec);
      log.note("submitted study %s", study);
      JsonNode done;
      int killedTrial;
      int killedAttempt;
      long deadBefore;
      int garbage;
      long ignoredBefore;
      try (TerminalWatch watch = TerminalWatch.start(api, study)) {
        JsonNode victim = awaitTrial(api, study, "a trial mid-way (RUNNING, 1 <= epochs < total)", ChaosIT::midway);
        killedTrial = victim.path("number").asInt();
        killedAttempt = victim.path("attempt").asInt();
        ChildProcess worker = cluster.worker(victim.path("worker").asText());
        worker.kill();
        log.note("fault 1: SIGKILL %s running trial %d attempt %d after epoch %d", worker.name(), killedTrial, killedAttempt, victim.path("current_epoch").asInt());
        worker.launch();
        log.note("fault 1: %s starting again", worker.name());

        if (!Boolean.getBoolean(SKIP_ORCHESTRATOR_KILL)) {
          awaitStudy(api, study, "a COMPLETE trial and a RUNNING one", s -> count(s, "COMPLETE") >= 1 && count(s, "RUNNING") >= 1);
          cluster.orchestrator().kill();
          log.note("fault 2: SIGKILL orchestrator");
          cluster.orchestrator().start();
          log.note("fault 2: orchestrator started again");
          Waits.until("study " + study + " to be served again by the restarted orchestrator (replayed from its journal)",
              Duration.ofSeconds(60), () -> api.study(study).isPresent());
          log.note("fault 2: the restarted orchestrator serves study %s", study);
          long unknownBefore = metric(api, "unknown_study_messages");
          Records.produce(cluster.bootstrap(), Topics.EVENTS, List.of(EventFaults.unknownStudyProbe(study)));
          Waits.until("the restarted orchestrator to read worker events again (well before its dead predecessor's 45 s group session ends)",
              Duration.ofSeconds(20), () -> metric(api, "unknown_study_messages") > unknownBefore);
          log.note("fault 2: the restarted orchestrator reads worker events again");
        } else {
          log.note("fault 2 skipped (-D%s=true)", SKIP_ORCHESTRATOR_KILL);
        }

        int deadTrial = killedTrial;
        int deadAttempt = killedAttempt;
        JsonNode running = awaitTrial(api, study, "a trial mid-way on a live worker before the broker restart",
            t -> midway(t) && !(t.path("number").asInt() == deadTrial && t.path("attempt").asInt() == deadAttempt));
        cluster.broker().kill();
        log.note("fault 3: SIGKILL broker while trial %d runs epoch %d", running.path("number").asInt(), running.path("current_epoch").asInt() + 1);
        Waits.pause(BROKER_DOWNTIME);
        cluster.broker().start();
        log.note("fault 3: broker started again on the same port and data directory");

        Waits.until("study " + study + " to see an event after the broker restart", FAULT_WAIT, () -> progressed(api, study, running));
        log.note("fault 3: the study moved on after the broker restart");
        ignoredBefore = metric(api, "ignored_messages");
        int duplicates = EventFaults.duplicateAll(cluster.bootstrap());
        Records.produce(cluster.bootstrap(), Topics.EVENTS, EventFaults.forgeries(study));
        log.note("fault 4: re-produced %d records of gist.events, plus 3 forgeries", duplicates);

        deadBefore = metric(api, "dead_lettered");
        garbage = EventFaults.injectGarbage(cluster.bootstrap(), study);
        log.note("fault 5: produced %d garbage records", garbage);
        long expectedDead = deadBefore + garbage;
        Waits.until("dead_lettered to reach " + expectedDead, Duration.ofSeconds(60), () -> metric(api, "dead_lettered") == expectedDead);
        Waits.until("ignored_messages to grow past " + ignoredBefore, Duration.ofSeconds(60), () -> metric(api, "ignored_messages") > ignoredBefore);

        worker.awaitReady();
        done = awaitStudy(api, study, "the study to complete", s -> "complete".equals(s.path("state").asText()));
        log.note("study complete: %s", done.path("counts"));
        watch.close();

        List<WireMessage> wire = Records.events(cluster.bootstrap(), study);
        SweepChecks.everyTrialTerminalOnce(done, watch);
        SweepChecks.eachTrialCreatedAndEachAttemptIssuedOnce(done, Records.assignments(cluster.bootstrap(), study),
            Records.journal(cluster.bootstrap(), study));
        if (!Boolean.getBoolean(SKIP_ORCHESTRATOR_KILL)) {
          assertThat(watch.connections()).as("event streams the watch followed (one per orchestrator run)").isGreaterThanOrEqualTo(2);
        }
        SweepChecks.noTrialCompletedTwice(done, wire);
        SweepChecks.finalAttemptsHaveEveryEpoch(done, wire);
        SweepChecks.bestIsBestOfComplete(done);
        assertThat(metric(api, "dead_lettered")).as("dead_lettered after the garbage").isEqualTo(expectedDead);
        assertDeadLetters(cluster.bootstrap(), study);
        JsonNode killed = SweepChecks.trials(done).get(killedTrial);
        assertThat(killed.path("state").asText()).as("state of the killed worker's trial").isEqualTo("COMPLETE");
        assertThat(killed.path("attempt").asInt()).as("attempt of the killed worker's trial").isGreaterThan(killedAttempt);
        log.note("all checks passed in %.0f s (%d trial views on %d event streams)", log.elapsedSeconds(), watch.updates(), watch.connections());
      }
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("chaos run failed; what happened:\n" + log.report() + "\n" + e.getMessage(), e);
    }
  }

  private void assertDeadLetters(String bootstrap, String study) {
    List<ConsumerRecord<String, byte[]>> dead = TopicReader.readAll(bootstrap, Topics.DEAD_LETTERS, Duration.ofSeconds(30));
    List<String> values = dead.stream().map(r -> Arrays.toString(r.value())).toList();
    List<String> injected = EventFaults.garbage(study).stream().map(g -> Arrays.toString(g.value())).toList();
    assertThat(values).as("records on %s", Topics.DEAD_LETTERS).containsExactlyInAnyOrderElementsOf(injected);
    assertThat(dead).allSatisfy(r -> assertThat(r.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER)).isNotNull());
  }

  /** Whether the trial that was {@code before} has reported another epoch or finished since. */
  private static boolean progressed(OrchestratorApi api, String study, JsonNode before) {
    int n = before.path("number").asInt();
    return api.study(study).map(s -> SweepChecks.trials(s).get(n)).filter(t ->
        !t.path("state").asText().equals(before.path("state").asText())
            || t.path("current_epoch").asInt() != before.path("current_epoch").asInt()
            || t.path("attempt").asInt() != before.path("attempt").asInt()).isPresent();
  }

  private static boolean midway(JsonNode t) {
    int epoch = t.path("current_epoch").asInt();
    return "RUNNING".equals(t.path("state").asText()) && t.hasNonNull("worker") && epoch >= 1 && epoch < t.path("total_epochs").asInt();
  }

  private JsonNode awaitTrial(OrchestratorApi api, String study, String what, Predicate<JsonNode> wanted) {
    return Waits.until(what + " in study " + study, FAULT_WAIT, () -> api.study(study).flatMap(s -> {
      assertThat(s.path("state").asText()).as("the study finished before: " + what + "; make its trials longer").isNotEqualTo("complete");
      return SweepChecks.trials(s).stream().filter(wanted).findFirst();
    }));
  }

  private JsonNode awaitStudy(OrchestratorApi api, String study, String what, Predicate<JsonNode> wanted) {
    Duration timeout = what.contains("complete") ? SWEEP_DEADLINE : FAULT_WAIT;
    return Waits.until(what + " (study " + study + ")", timeout, () -> api.study(study).filter(wanted));
  }

  private static int count(JsonNode study, String state) {
    return study.path("counts").path(state).asInt();
  }

  private static long metric(OrchestratorApi api, String name) {
    return Waits.until("GET /api/metrics to answer", Duration.ofSeconds(30), () -> api.metrics().map(j -> j.path(name).asLong()));
  }
}
