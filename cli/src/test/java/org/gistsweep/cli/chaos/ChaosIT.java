package org.gistsweep.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.common.wire.WorkerReport;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos suite: a real sweep on real processes (a broker, the orchestrator, three DJL workers,
 * all started by the {@code gist-sweep} command line) survives the faults of {@link #FAULTS},
 * injected one after the other while trials run, and ends in the state {@link #CHECKS} describe.
 *
 * <p>The fault schedule ({@link ChaosSteps}), each step waiting (by polling the HTTP API, with a
 * deadline) for the state it needs:
 *
 * <ol>
 *   <li>once a trial is mid-way (RUNNING, at least one epoch reported, not the last), SIGKILL the
 *       worker running it and start that worker again with the same arguments; the dead worker's
 *       lease ({@value #LEASE_SECONDS} s) expires and the trial is issued as the next attempt;
 *   <li>once a trial is COMPLETE and another RUNNING, SIGKILL the orchestrator and start it again
 *       with the same arguments; it must serve the same study again (replayed from its journal),
 *       read worker events again within 20 s, and no terminal trial may change;
 *   <li>once a trial on a live worker is mid-way, SIGKILL the broker, leave it down {@link
 *       ChaosSteps#BROKER_DOWNTIME}, start it on the same port and data directory; the orchestrator
 *       and every worker must reconnect and that trial must move on;
 *   <li>re-produce every record already on {@code gist.events} (duplicates, to be fenced off), plus
 *       well-formed forgeries claiming val_top1 1.0 without the attempt's token (for the first
 *       attempt of trial 0 and for one never issued: to be dead-lettered) and for an unknown study;
 *   <li>produce the {@link EventFaults#garbage garbage catalogue} (noise, empty, truncated JSON,
 *       schema 99, unknown type, invalid fields) onto {@code gist.events}.
 * </ol>
 *
 * <p>Set {@value #SKIP_ORCHESTRATOR_KILL}{@code =true} to leave out step 2 (for debugging the
 * others; the suite in CI runs every step). Logs of every process are under {@code
 * target/chaos/ChaosIT-<time>/}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
class ChaosIT {
  /** Each fault the test injects, in order. */
  static final List<String> FAULTS =
      List.of(
          "SIGKILL a worker mid-trial, then start it again with the same arguments",
          "SIGKILL the orchestrator, then start it again with the same arguments",
          "SIGKILL the broker mid-trial, then start it again on the same port and data directory",
          "duplicates: every record on gist.events produced again, plus forgeries without the"
              + " attempt's token (trial 0's first attempt, an attempt never issued) and for an"
              + " unknown study",
          "garbage on gist.events: undecodable bytes, empty value, truncated JSON, no schema,"
              + " schema 99, unknown type, invalid fields");

  /** Each property checked once the sweep ends. */
  static final List<String> CHECKS =
      List.of(
          "every trial reached a terminal state exactly once: the study is complete, and on the"
              + " study's event stream (every trial change, and each restarted orchestrator's"
              + " snapshot) no trial changed after it was first terminal",
          "nothing was done twice across the orchestrator restart: the journal created each trial"
              + " once, gist.trials holds attempts 1..final of each trial exactly once",
          "no trial has two COMPLETE results (each value is its final attempt's reported best,"
              + " never a duplicate's, stale attempt's or forgery's)",
          "every COMPLETE trial has epochs 1..total once each: after its final attempt's resume"
              + " point as that attempt put them on the wire, up to it as an earlier attempt did",
          "the study's best value and best trial are the best of its COMPLETE trials",
          "dead_lettered grew by exactly the garbage and the study's forgeries, and"
              + " gist.dead-letters holds each of those records once, the garbage as undecodable,"
              + " the forgeries as token (and nothing else but, should the broker hand a trial out"
              + " twice across its restart, the second worker's reports as wrong_worker;"
              + " dead_lettered then counts those it wrote)",
          "the duplicates were fenced off, not dead-lettered (ignored_messages grew; no forged 1.0"
              + " reached a trial)",
          "the killed worker's trial was issued again and completed under a later attempt",
          "the restarted orchestrator reads worker events again within 20 s (it takes over its dead"
              + " predecessor's group membership)");

  static final String SKIP_ORCHESTRATOR_KILL = "gist.chaos.skipOrchestratorKill";
  static final long LEASE_SECONDS = 12;

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
      """
          .formatted(ChaosData.TRAIN, ChaosData.EVAL);

  private final FaultLog log = new FaultLog();

  @Test
  void aSweepSurvivesKilledWorkerKilledOrchestratorBrokerRestartDuplicatesAndGarbage()
      throws IOException {
    Path runDir =
        Path.of(
                "target",
                "chaos",
                "ChaosIT-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss")))
            .toAbsolutePath();
    Path data = ChaosData.prepare(Path.of("target", "chaos-data").toAbsolutePath(), 64, 64);
    Files.createDirectories(runDir);
    Path spec = Files.writeString(runDir.resolve("chaos.yaml"), SWEEP);
    try (SweepCluster cluster =
        new SweepCluster(runDir, data, 3, Duration.ofSeconds(LEASE_SECONDS))) {
      cluster.start();
      log.note("broker, orchestrator and 3 workers ready; logs in %s", cluster.logDir());
      String study = cluster.submit(spec);
      log.note("submitted study %s", study);
      ChaosSteps steps = new ChaosSteps(cluster, study, log);
      try (TerminalWatch watch = TerminalWatch.start(cluster.api(), study)) {
        ChaosSteps.Killed killed = steps.killWorkerMidTrial();
        boolean orchestratorKilled = !Boolean.getBoolean(SKIP_ORCHESTRATOR_KILL);
        if (orchestratorKilled) {
          steps.killAndRestartOrchestrator();
        } else {
          log.note("fault 2 skipped (-D%s=true)", SKIP_ORCHESTRATOR_KILL);
        }
        steps.killAndRestartBroker(killed);
        steps.injectDuplicates();
        long expectedDead = steps.injectGarbage();
        killed.worker().awaitReady();
        JsonNode done = steps.awaitCompletion();
        watch.close();

        checkEndState(cluster.bootstrap(), study, done, watch, orchestratorKilled);
        int handedTwice = assertDeadLetters(cluster.bootstrap(), study);
        if (handedTwice == 0) {
          assertThat(steps.metric("dead_lettered"))
              .as("dead_lettered after the garbage")
              .isEqualTo(expectedDead);
        } else {
          // the broker handed a trial out twice: the second worker's reports were dead-lettered,
          // some maybe before the
          // orchestrator's restart (its count starts at 0) or twice (a batch redelivered after a
          // failed dead-letter write)
          log.note(
              "%d report(s) of a second worker handed an attempt already taken were dead-lettered"
                  + " as wrong_worker",
              handedTwice);
          assertThat(steps.metric("dead_lettered"))
              .as("dead_lettered after the garbage")
              .isBetween(
                  (long) EventFaults.garbage(study).size() + EventFaults.forgeries(study).size(),
                  expectedDead + handedTwice);
        }
        JsonNode trial = SweepChecks.trials(done).get(killed.trial());
        assertThat(trial.path("state").asText())
            .as("state of the killed worker's trial")
            .isEqualTo("COMPLETE");
        assertThat(trial.path("attempt").asInt())
            .as("attempt of the killed worker's trial")
            .isGreaterThan(killed.attempt());
        int resumedAt = SweepChecks.firstEpochOf(trial, trial.path("attempt").asInt());
        log.note(
            "the kill hit trial %d attempt %d after epoch %d; its attempt %d trained from epoch %d"
                + " (%s), so %d epoch(s) were not trained again",
            killed.trial(),
            killed.attempt(),
            killed.epoch(),
            trial.path("attempt").asInt(),
            resumedAt,
            trial.path("resume_note").asText(),
            resumedAt - 1);
        log.note(
            "all checks passed in %.0f s (%d trial views on %d event streams; attempts by trial"
                + " %s)",
            log.elapsedSeconds(),
            watch.updates(),
            watch.connections(),
            SweepChecks.trials(done).stream().map(t -> t.path("attempt").asInt()).toList());
      }
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          "chaos run failed; what happened:\n" + log.report() + "\n" + e.getMessage(), e);
    }
  }

  private static void checkEndState(
      String bootstrap,
      String study,
      JsonNode done,
      TerminalWatch watch,
      boolean orchestratorKilled) {
    List<WireMessage> wire = Records.events(bootstrap, study);
    SweepChecks.everyTrialTerminalOnce(done, watch);
    if (orchestratorKilled) {
      assertThat(watch.connections())
          .as("event streams the watch followed (one per orchestrator run)")
          .isGreaterThanOrEqualTo(2);
    }
    SweepChecks.eachTrialCreatedAndEachAttemptIssuedOnce(
        done, Records.assignments(bootstrap, study), Records.journal(bootstrap, study));
    SweepChecks.noTrialCompletedTwice(done, wire);
    SweepChecks.finalAttemptsHaveEveryEpoch(done, wire);
    SweepChecks.bestIsBestOfComplete(done);
  }

  /**
   * Every garbage record and every forgery of the study is on gist.dead-letters exactly once, with
   * its kind and a reason; anything else there is a second worker's report on an attempt the broker
   * handed out twice. Returns how many of those there were.
   */
  private static int assertDeadLetters(String bootstrap, String study) {
    List<ConsumerRecord<String, byte[]>> dead =
        TopicReader.readAll(bootstrap, Topics.DEAD_LETTERS, Duration.ofSeconds(30));
    Map<String, String> kinds = new HashMap<>();
    EventFaults.garbage(study).forEach(g -> kinds.put(Arrays.toString(g.value()), "undecodable"));
    EventFaults.forgeries(study)
        .forEach(m -> kinds.put(Arrays.toString(WireCodec.encode(m)), "token"));
    List<ConsumerRecord<String, byte[]>> injected =
        dead.stream().filter(r -> kinds.containsKey(Arrays.toString(r.value()))).toList();
    assertThat(injected.stream().map(r -> Arrays.toString(r.value())).toList())
        .as("injected records on %s", Topics.DEAD_LETTERS)
        .containsExactlyInAnyOrderElementsOf(kinds.keySet());
    assertThat(injected)
        .allSatisfy(
            r -> {
              assertThat(
                      new String(
                          r.headers().lastHeader(Topics.DEAD_LETTER_KIND_HEADER).value(),
                          StandardCharsets.UTF_8))
                  .isEqualTo(kinds.get(Arrays.toString(r.value())));
              assertThat(r.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER)).isNotNull();
            });
    List<ConsumerRecord<String, byte[]>> others =
        dead.stream().filter(r -> !kinds.containsKey(Arrays.toString(r.value()))).toList();
    assertThat(others)
        .as("other dead letters: only a second worker's reports on an attempt handed out twice")
        .allSatisfy(
            r -> {
              assertThat(
                      new String(
                          r.headers().lastHeader(Topics.DEAD_LETTER_KIND_HEADER).value(),
                          StandardCharsets.UTF_8))
                  .isEqualTo("wrong_worker");
              assertThat(((WorkerReport) WireCodec.decode(r.value())).worker())
                  .startsWith("chaos-w");
            });
    return others.size();
  }
}
