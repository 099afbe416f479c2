package org.gistsweep.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.gistsweep.cli.process.ChildProcess;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.testsupport.Waits;

/**
 * The faults of {@link ChaosIT}, one method each, applied to a running {@link SweepCluster} and
 * study. Each waits (polling the HTTP API, with deadlines) for the state it needs, injects its
 * fault, waits until the system has visibly recovered from it, and notes what it did in the {@link
 * FaultLog}.
 */
final class ChaosSteps {
  static final Duration FAULT_WAIT = Duration.ofSeconds(120);
  static final Duration SWEEP_DEADLINE = Duration.ofMinutes(5);
  static final Duration BROKER_DOWNTIME = Duration.ofSeconds(3);
  static final Duration CATCH_UP = Duration.ofSeconds(20);

  /** The trial and attempt whose worker step 1 killed. */
  record Killed(ChildProcess worker, int trial, int attempt, int epoch) {}

  private final SweepCluster cluster;
  private final OrchestratorApi api;
  private final String study;
  private final FaultLog log;

  ChaosSteps(SweepCluster cluster, String study, FaultLog log) {
    this.cluster = cluster;
    this.api = cluster.api();
    this.study = study;
    this.log = log;
  }

  /**
   * Fault 1: SIGKILL the worker of a trial that is mid-way, then start it again (not waiting for
   * it).
   */
  Killed killWorkerMidTrial() {
    JsonNode victim =
        awaitTrial("a trial mid-way (RUNNING, 1 <= epochs < total)", ChaosSteps::midway);
    ChildProcess worker = cluster.worker(victim.path("worker").asText());
    worker.kill();
    Killed k =
        new Killed(
            worker,
            victim.path("number").asInt(),
            victim.path("attempt").asInt(),
            victim.path("current_epoch").asInt());
    log.note(
        "fault 1: SIGKILL %s running trial %d attempt %d after epoch %d",
        worker.name(), k.trial(), k.attempt(), k.epoch());
    worker.launch();
    log.note("fault 1: %s starting again", worker.name());
    return k;
  }

  /**
   * Fault 2: once a trial is COMPLETE and another RUNNING, SIGKILL the orchestrator and start it
   * again; it must serve the study again (replayed from its journal) and read worker events again
   * within {@link #CATCH_UP}.
   */
  void killAndRestartOrchestrator() {
    awaitStudy(
        "a COMPLETE trial and a RUNNING one",
        FAULT_WAIT,
        s -> count(s, "COMPLETE") >= 1 && count(s, "RUNNING") >= 1);
    cluster.orchestrator().kill();
    log.note("fault 2: SIGKILL orchestrator");
    cluster.orchestrator().start();
    log.note("fault 2: orchestrator started again");
    Waits.until(
        "study "
            + study
            + " to be served again by the restarted orchestrator (replayed from its journal)",
        Duration.ofSeconds(60),
        () -> api.study(study).isPresent());
    long unknownBefore = metric("unknown_study_messages");
    Records.produce(
        cluster.bootstrap(), Topics.EVENTS, List.of(EventFaults.unknownStudyProbe(study)));
    Waits.until(
        "the restarted orchestrator to read worker events again (well before its dead predecessor's"
            + " 45 s group session ends)",
        CATCH_UP,
        () -> metric("unknown_study_messages") > unknownBefore);
    log.note(
        "fault 2: the restarted orchestrator serves study %s and reads worker events again", study);
  }

  /**
   * Fault 3: once a trial on a live worker is mid-way, SIGKILL the broker, leave it down {@link
   * #BROKER_DOWNTIME}, start it on the same port and data; wait until that trial moves on.
   */
  void killAndRestartBroker(Killed killed) {
    JsonNode running =
        awaitTrial(
            "a trial mid-way on a live worker",
            t ->
                midway(t)
                    && !(t.path("number").asInt() == killed.trial()
                        && t.path("attempt").asInt() == killed.attempt()));
    cluster.broker().kill();
    log.note(
        "fault 3: SIGKILL broker while trial %d runs epoch %d",
        running.path("number").asInt(), running.path("current_epoch").asInt() + 1);
    Waits.pause(BROKER_DOWNTIME);
    cluster.broker().start();
    log.note("fault 3: broker started again on the same port and data directory");
    Waits.until(
        "trial " + running.path("number") + " to move on after the broker restart",
        FAULT_WAIT,
        () -> progressed(running));
    log.note("fault 3: the study moved on after the broker restart");
  }

  /**
   * Fault 4: every record of gist.events produced again (to be fenced off), plus forgeries without
   * the attempt's token (to be dead-lettered) and one for an unknown study (to be counted as such).
   */
  void injectDuplicates() {
    long ignoredBefore = metric("ignored_messages");
    long deadBefore = metric("dead_lettered");
    long unknownBefore = metric("unknown_study_messages");
    int duplicates = EventFaults.duplicateAll(cluster.bootstrap());
    List<WireMessage> forgeries = new ArrayList<>(EventFaults.forgeries(study));
    forgeries.add(EventFaults.unknownStudyForgery(study));
    Records.produce(cluster.bootstrap(), Topics.EVENTS, forgeries);
    log.note(
        "fault 4: re-produced %d records of gist.events, plus %d forgeries",
        duplicates, forgeries.size());
    Waits.until(
        "ignored_messages to grow past " + ignoredBefore,
        Duration.ofSeconds(60),
        () -> metric("ignored_messages") > ignoredBefore);
    long forged = forgeries.size() - 1;
    Waits.until(
        "dead_lettered to grow by the " + forged + " forgeries of the study",
        Duration.ofSeconds(60),
        () -> metric("dead_lettered") >= deadBefore + forged);
    Waits.until(
        "unknown_study_messages to grow",
        Duration.ofSeconds(60),
        () -> metric("unknown_study_messages") > unknownBefore);
  }

  /**
   * Fault 5: the garbage catalogue; returns the dead_lettered count expected afterwards, once
   * reached.
   */
  long injectGarbage() {
    long deadBefore = metric("dead_lettered");
    int garbage = EventFaults.injectGarbage(cluster.bootstrap(), study);
    long expected = deadBefore + garbage;
    log.note("fault 5: produced %d garbage records", garbage);
    Waits.until(
        "dead_lettered to reach " + expected,
        Duration.ofSeconds(60),
        () -> metric("dead_lettered") >= expected);
    return expected;
  }

  /** Waits for the study to complete and returns it with every trial. */
  JsonNode awaitCompletion() {
    JsonNode done =
        awaitStudy(
            "the study to complete",
            SWEEP_DEADLINE,
            s -> "complete".equals(s.path("state").asText()));
    log.note("study complete: %s", done.path("counts"));
    return done;
  }

  /** A counter of {@code GET /api/metrics}. */
  long metric(String name) {
    return Waits.until(
        "GET /api/metrics to answer",
        Duration.ofSeconds(30),
        () -> api.metrics().map(j -> j.path(name).asLong()));
  }

  private boolean progressed(JsonNode before) {
    int n = before.path("number").asInt();
    return api.study(study)
        .map(s -> SweepChecks.trials(s).get(n))
        .filter(
            t ->
                !t.path("state").asText().equals(before.path("state").asText())
                    || t.path("current_epoch").asInt() != before.path("current_epoch").asInt()
                    || t.path("attempt").asInt() != before.path("attempt").asInt())
        .isPresent();
  }

  private static boolean midway(JsonNode t) {
    int epoch = t.path("current_epoch").asInt();
    return "RUNNING".equals(t.path("state").asText())
        && t.hasNonNull("worker")
        && epoch >= 1
        && epoch < t.path("total_epochs").asInt();
  }

  private JsonNode awaitTrial(String what, Predicate<JsonNode> wanted) {
    return Waits.until(
        what + " in study " + study,
        FAULT_WAIT,
        () ->
            api.study(study)
                .flatMap(
                    s -> {
                      assertThat(s.path("state").asText())
                          .as("the study finished before " + what + "; make its trials longer")
                          .isNotEqualTo("complete");
                      return SweepChecks.trials(s).stream().filter(wanted).findFirst();
                    }));
  }

  private JsonNode awaitStudy(String what, Duration timeout, Predicate<JsonNode> wanted) {
    return Waits.until(
        what + " (study " + study + ")", timeout, () -> api.study(study).filter(wanted));
  }

  private static int count(JsonNode study, String state) {
    return study.path("counts").path(state).asInt();
  }
}
