package org.gistsweep.orchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gistsweep.common.spec.AskTellSpecParser;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.DeadLetterKind;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.Heartbeat;
import org.gistsweep.common.wire.ResumePoint;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.orchestrator.http.StudyJson;
import org.gistsweep.orchestrator.journal.JournalCodec;
import org.gistsweep.orchestrator.journal.JournalEntry;
import org.gistsweep.orchestrator.journal.StudyLog;
import org.gistsweep.orchestrator.kafka.EventBatchHandler;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.testing.Events;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Event sourcing: a service started over an earlier service's journal rebuilds the same studies
 * (the same JSON the API serves), issues nothing twice and goes on; recorded journals kept as
 * fixtures replay to the state recorded with them.
 */
@ExtendWith(VertxExtension.class)
class JournalReplayTest {
  private static final Path FIXTURES = Path.of("src/test/resources/journal");
  private static final long WAIT = 10;
  private static final ObjectMapper TREES = new ObjectMapper();

  private final MutableClock clock = MutableClock.fixed();

  @Test
  void aRestartedServiceRebuildsTheSameStudyAndGoesOnWithoutIssuingAnythingTwice(Vertx vertx)
      throws Exception {
    FakePublisher before = new FakePublisher();
    InMemoryStudyLog log = new InMemoryStudyLog(before);
    StudyService first = new StudyService(vertx, log, clock);
    first.recover().get(WAIT, TimeUnit.SECONDS);
    String id = first.submit(TestSpecs.random(4, 2, 2, 3)).get(WAIT, TimeUnit.SECONDS);
    Waits.until(
        "before.assignments.size() == 2",
        Duration.ofSeconds(WAIT),
        () -> before.assignments.size() == 2);
    runUntilRestart(first, id, before);
    String recorded = json(first, id);

    FakePublisher after = new FakePublisher();
    StudyService second =
        new StudyService(vertx, new InMemoryStudyLog(after, log.entries()), clock);
    assertThat(second.recover().get(WAIT, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(json(second, id)).isEqualTo(recorded);
    Thread.sleep(200);
    assertThat(after.assignments)
        .as("two trials are live, as parallel allows: nothing new, nothing again")
        .isEmpty();

    clock.advance(Duration.ofSeconds(5));
    second
        .apply(List.of(Events.epoch(id, 1, 1, 2, 0.5), Events.finished(id, 1, 1, 0.5, 2)))
        .get(WAIT, TimeUnit.SECONDS);
    Waits.until(
        "after.assignments.size() == 1",
        Duration.ofSeconds(WAIT),
        () -> after.assignments.size() == 1);
    assertThat(after.assignments.get(0).trial()).as("the next new trial").isEqualTo(3);
    second
        .apply(
            List.of(
                Events.started(id, 2, 2, "w3"),
                Events.epoch(id, 2, 2, 1, 0.2),
                Events.epoch(id, 2, 2, 2, 0.3),
                Events.finished(id, 2, 2, 0.3, 2),
                Events.started(id, 3, 1, "w1"),
                Events.epoch(id, 3, 1, 1, 0.7),
                Events.epoch(id, 3, 1, 2, 0.8),
                Events.finished(id, 3, 1, 0.8, 2)))
        .get(WAIT, TimeUnit.SECONDS);
    StudySnapshot done = second.snapshot(id).orElseThrow();
    assertThat(done.isComplete()).isTrue();
    assertThat(done.counts()).containsEntry(TrialState.COMPLETE, 4);
    assertThat(done.bestTrial()).isEqualTo(3);
    List<String> issued = new ArrayList<>();
    before.assignments.forEach(a -> issued.add(a.trial() + "/" + a.attempt()));
    after.assignments.forEach(a -> issued.add(a.trial() + "/" + a.attempt()));
    assertThat(issued).containsExactly("0/1", "1/1", "2/1", "2/2", "3/1");

    String newId = second.submit(TestSpecs.random(1, 1, 1, 1)).get(WAIT, TimeUnit.SECONDS);
    assertThat(newId).isNotEqualTo(id);
  }

  @Test
  void aStudyWithAttemptTokensReplaysToTheSameStateAndKeepsRefusingForgeries(Vertx vertx)
      throws Exception {
    FakePublisher before = new FakePublisher();
    InMemoryStudyLog log = new InMemoryStudyLog(before);
    StudyService first = new StudyService(vertx, log, clock);
    first.recover().get(WAIT, TimeUnit.SECONDS);
    String id = first.submit(TestSpecs.random(3, 2, 2, 3)).get(WAIT, TimeUnit.SECONDS);
    Waits.until(
        "two trials issued", Duration.ofSeconds(WAIT), () -> before.assignments.size() == 2);
    assertThat(before.assignments)
        .allSatisfy(a -> assertThat(a.attemptToken()).matches("[0-9a-f]{32}"));
    String secret = ((JournalEntry.StudyOpened) log.entries().get(0)).secret();
    assertThat(secret).matches("[0-9a-f]{64}");

    clock.advance(Duration.ofSeconds(1));
    Heartbeat noToken = new Heartbeat(1, id, 1, 1, 1L, "evil");
    EpochMetrics otherWorker =
        new EpochMetrics(
            1, id, 0, 1, 1L, "w2", 2, 1, 1, 0, 0, 0, 0.99, 1e-3, 1, 1, Events.token(id, 0, 1));
    List<EventBatchHandler.Rejected> rejected =
        first
            .apply(
                List.of(
                    Events.started(id, 0, 1, "w1"),
                    noToken,
                    Events.epoch(id, 0, 1, 1, 0.4),
                    otherWorker,
                    Events.started(id, 1, 1, "w2"),
                    Events.failed(id, 1, 1, true)))
            .get(WAIT, TimeUnit.SECONDS);
    assertThat(rejected)
        .extracting(EventBatchHandler.Rejected::message)
        .containsExactly(noToken, otherWorker);
    assertThat(rejected)
        .extracting(EventBatchHandler.Rejected::kind)
        .containsExactly(DeadLetterKind.TOKEN, DeadLetterKind.WRONG_WORKER);
    assertThat(rejected.get(0).reason())
        .isEqualTo("study " + id + ": Heartbeat for trial 1 attempt 1: no attempt_token");
    assertThat(log.entries())
        .as("rejected messages are not journaled")
        .noneMatch(
            e ->
                e instanceof JournalEntry.WorkerEvent w
                    && (w.message().equals(noToken) || w.message().equals(otherWorker)));
    Waits.until(
        "trial 1 issued again", Duration.ofSeconds(WAIT), () -> before.assignments.size() == 3);
    String recorded = json(first, id);
    assertThat(recorded).doesNotContain(secret);

    FakePublisher after = new FakePublisher();
    StudyService second =
        new StudyService(vertx, new InMemoryStudyLog(after, log.entries()), clock);
    second.recover().get(WAIT, TimeUnit.SECONDS);
    assertThat(json(second, id)).isEqualTo(recorded);
    assertThat(second.apply(List.of(noToken, otherWorker)).get(WAIT, TimeUnit.SECONDS))
        .as("still refused after the restart")
        .hasSize(2);
    clock.advance(Duration.ofSeconds(1));
    assertThat(
            second
                .apply(
                    List.of(
                        Events.epoch(id, 0, 1, 2, 0.6),
                        Events.finished(id, 0, 1, 0.6, 2),
                        Events.started(id, 1, 2, "w3"),
                        Events.epoch(id, 1, 2, 1, 0.5)))
                .get(WAIT, TimeUnit.SECONDS))
        .as(
            "the replayed study takes the tokens issued before the restart, for the retried attempt"
                + " too")
        .isEmpty();
    assertThat(second.snapshot(id).orElseThrow().trials().get(1).currentEpoch()).isEqualTo(1);
    Waits.until(
        "trial 2 issued once trial 0 completed",
        Duration.ofSeconds(WAIT),
        () -> after.assignments.size() == 1);
    assertThat(after.assignments.get(0).attemptToken())
        .isNotIn(before.assignments.stream().map(TrialAssignment::attemptToken).toList());
    if (Boolean.getBoolean("gist.writeJournalFixtures")) {
      writeFixture(second, "sweep-with-tokens");
    }
  }

  @Test
  void theTokenFixtureHoldsAStudySecretAndTokens() throws IOException {
    List<String> lines = Files.readAllLines(FIXTURES.resolve("sweep-with-tokens.jsonl"));
    assertThat(lines.get(0)).contains("\"entry\":\"study_opened\"", "\"secret\":\"");
    assertThat(lines)
        .filteredOn(l -> l.contains("\"worker_event\""))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).contains("\"attempt_token\":\""));
    assertThat(lines).filteredOn(l -> l.contains("\"trial_created\"")).hasSize(3);
  }

  /**
   * Issue 19: trial 0 loses its worker after epoch 2's checkpoint and resumes from it; trial 1 is
   * suspended after epoch 1, resumed, and its worker refuses the checkpoint. The replayed study
   * shows the same attempts, resumes and checkpoints; the fixture keeps them.
   */
  @Test
  void resumedAndSuspendedAttemptsReplayExactly(Vertx vertx) throws Exception {
    FakePublisher before = new FakePublisher();
    InMemoryStudyLog log = new InMemoryStudyLog(before);
    StudyService s = new StudyService(vertx, log, clock);
    s.recover().get(WAIT, TimeUnit.SECONDS);
    String id = s.submit(TestSpecs.random(2, 2, 3, 3)).get(WAIT, TimeUnit.SECONDS);
    Waits.until(
        "two trials issued", Duration.ofSeconds(WAIT), () -> before.assignments.size() == 2);
    clock.advance(Duration.ofSeconds(1));
    s.apply(
            List.of(
                Events.started(id, 0, 1, "w1"),
                Events.epochWithCheckpoint(id, 0, 1, 1, 0.4),
                Events.epochWithCheckpoint(id, 0, 1, 2, 0.5),
                Events.started(id, 1, 1, "w2"),
                Events.epochWithCheckpoint(id, 1, 1, 1, 0.3)))
        .get(WAIT, TimeUnit.SECONDS);
    clock.advance(Duration.ofSeconds(1));
    s.apply(List.of(Events.failed(id, 0, 1, true))).get(WAIT, TimeUnit.SECONDS);
    s.control(
            id,
            "suspend_trial",
            "POST /api/studies/" + id + "/trials/1/suspend",
            Map.of("trial", 1))
        .get(WAIT, TimeUnit.SECONDS);
    s.apply(List.of(Events.suspended(id, 1, 1, 1, "suspend"))).get(WAIT, TimeUnit.SECONDS);
    clock.advance(Duration.ofSeconds(1));
    s.control(
            id, "resume_trial", "POST /api/studies/" + id + "/trials/1/resume", Map.of("trial", 1))
        .get(WAIT, TimeUnit.SECONDS);
    Waits.until(
        "both trials issued again", Duration.ofSeconds(WAIT), () -> before.assignments.size() == 4);
    assertThat(before.assignments.get(2).resumeFrom().epoch()).isEqualTo(2);
    assertThat(before.assignments.get(3).resumeFrom().epoch()).isEqualTo(1);
    s.apply(
            List.of(
                Events.startedResuming(id, 0, 2, "w3", 2, null),
                Events.epoch(id, 0, 2, 3, 0.6),
                Events.finished(id, 0, 2, 0.6, 3),
                Events.startedResuming(
                    id, 1, 2, "w2", 0, "the checkpoint's arch is vit-b16, the trial's vit-tiny"),
                Events.epochWithCheckpoint(id, 1, 2, 1, 0.35)))
        .get(WAIT, TimeUnit.SECONDS);
    String recorded = json(s, id);
    assertThat(recorded)
        .contains(
            "\"resume_note\":\"resumed at epoch 3 (checkpoint of attempt 1) after worker w1 was"
                + " lost\"",
            "\"resumed_from\":{\"attempt\":1,\"epoch\":1}",
            "\"resume_refused\":\"the checkpoint's arch is vit-b16");

    StudyService second =
        new StudyService(vertx, new InMemoryStudyLog(new FakePublisher(), log.entries()), clock);
    second.recover().get(WAIT, TimeUnit.SECONDS);
    assertThat(json(second, id)).isEqualTo(recorded);
    FakePublisher afterPublisher = new FakePublisher();
    StudyService third =
        new StudyService(vertx, new InMemoryStudyLog(afterPublisher, log.entries()), clock);
    third.recover().get(WAIT, TimeUnit.SECONDS);
    third.apply(List.of(Events.failed(id, 1, 2, true))).get(WAIT, TimeUnit.SECONDS);
    Waits.until(
        "trial 1 issued a third time",
        Duration.ofSeconds(WAIT),
        () -> afterPublisher.assignments.size() == 1);
    assertThat(afterPublisher.assignments.get(0).resumeFrom())
        .as("from the checkpoint recorded after the refusal, as before the restart")
        .isEqualTo(ResumePoint.of(Events.checkpoint(id, 1, 2, 1), 1, 2));
    if (Boolean.getBoolean("gist.writeResumeFixture")) {
      writeFixture(s, "sweep-with-resume");
    }
  }

  @Test
  void askTellStudiesComeBackWithTheirReportsAndResults(Vertx vertx) throws Exception {
    InMemoryStudyLog log = new InMemoryStudyLog(new FakePublisher());
    StudyService first = new StudyService(vertx, log, clock);
    String id =
        first
            .createAskTell(
                AskTellSpecParser.parse(
                    JournalCodec.tree(
                        Map.of(
                            "name",
                            "at",
                            "directions",
                            List.of("minimize"),
                            "sampler",
                            Map.of("type", "tpe", "seed", 3),
                            "space",
                            Map.of("x", Map.of("type", "float", "low", -2, "high", 2)),
                            "trials",
                            3))))
            .get(WAIT, TimeUnit.SECONDS);
    int t0 = first.ask(id).get(WAIT, TimeUnit.SECONDS).number();
    int t1 = first.ask(id).get(WAIT, TimeUnit.SECONDS).number();
    first.report(id, t0, 1, List.of(0.4)).get(WAIT, TimeUnit.SECONDS);
    first.tell(id, t0, TrialState.COMPLETE, List.of(0.3)).get(WAIT, TimeUnit.SECONDS);
    first.tell(id, t1, TrialState.PRUNED, List.of()).get(WAIT, TimeUnit.SECONDS);
    String recorded = json(first, id);

    StudyService second =
        new StudyService(vertx, new InMemoryStudyLog(new FakePublisher(), log.entries()), clock);
    second.recover().get(WAIT, TimeUnit.SECONDS);
    assertThat(json(second, id)).isEqualTo(recorded);
    assertThat(second.ask(id).get(WAIT, TimeUnit.SECONDS).number()).isEqualTo(2);
  }

  @Test
  void recordedJournalsReplayToTheirRecordedState(Vertx vertx) throws Exception {
    try (var files = Files.list(FIXTURES)) {
      List<Path> journals = files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList();
      assertThat(journals).isNotEmpty();
      for (Path journal : journals) {
        List<JournalEntry> entries = new ArrayList<>();
        for (String line : Files.readAllLines(journal)) {
          entries.add(JournalCodec.decode(line.getBytes(StandardCharsets.UTF_8)));
        }
        StudyService replayed =
            new StudyService(vertx, new InMemoryStudyLog(new FakePublisher(), entries), clock);
        replayed.recover().get(WAIT, TimeUnit.SECONDS);
        Path expected = Path.of(journal.toString().replace(".jsonl", ".expected.json"));
        String actual =
            StudyJson.encode(replayed.studies().stream().map(StudyJson::study).toList());
        assertThat(TREES.readTree(actual))
            .as("%s replays to %s", journal, expected)
            .isEqualTo(TREES.readTree(expected.toFile()));
      }
    }
  }

  /**
   * Trial 0 completes, trial 1 is mid-way (one epoch, a heartbeat, a duplicated epoch), trial 2's
   * first worker is lost so it waits as attempt 2. Writes the fixture when asked to.
   */
  private void runUntilRestart(StudyService s, String id, FakePublisher publisher)
      throws Exception {
    clock.advance(Duration.ofSeconds(1));
    s.apply(
            List.of(
                Events.started(id, 0, 1, "w1"),
                Events.started(id, 1, 1, "w2"),
                Events.epoch(id, 0, 1, 1, 0.4)))
        .get(WAIT, TimeUnit.SECONDS);
    clock.advance(Duration.ofSeconds(1));
    s.apply(
            List.of(
                Events.epoch(id, 0, 1, 2, 0.6),
                Events.finished(id, 0, 1, 0.6, 2),
                Events.epoch(id, 1, 1, 1, 0.3),
                Events.epoch(id, 1, 1, 1, 0.3),
                Events.heartbeat(id, 1, 1)))
        .get(WAIT, TimeUnit.SECONDS);
    Waits.until(
        "publisher.assignments.size() == 3",
        Duration.ofSeconds(WAIT),
        () -> publisher.assignments.size() == 3);
    clock.advance(Duration.ofSeconds(1));
    s.apply(List.of(Events.started(id, 2, 1, "w1"), Events.failed(id, 2, 1, true)))
        .get(WAIT, TimeUnit.SECONDS);
    Waits.until(
        "publisher.assignments.size() == 4",
        Duration.ofSeconds(WAIT),
        () -> publisher.assignments.size() == 4);
    assertThat(publisher.assignments.stream().map(TrialAssignment::attempt).toList())
        .containsExactly(1, 1, 1, 2);
    if (Boolean.getBoolean("gist.writeJournalFixtures")) {
      writeFixture(s, "sweep-with-retry");
    }
  }

  private static String json(StudyService s, String id) {
    return StudyJson.encode(StudyJson.study(s.snapshot(id).orElseThrow()));
  }

  private void writeFixture(StudyService s, String name) throws IOException {
    List<String> lines = new ArrayList<>();
    // the service's log is the only InMemoryStudyLog here; read it back through recover()
    for (JournalEntry e : logOf(s).recover()) {
      lines.add(new String(JournalCodec.encode(e), StandardCharsets.UTF_8));
    }
    Files.write(FIXTURES.resolve(name + ".jsonl"), lines);
    Files.writeString(
        FIXTURES.resolve(name + ".expected.json"),
        StudyJson.encode(s.studies().stream().map(StudyJson::study).toList()) + "\n");
  }

  private static StudyLog logOf(StudyService s) {
    return s.log();
  }
}
