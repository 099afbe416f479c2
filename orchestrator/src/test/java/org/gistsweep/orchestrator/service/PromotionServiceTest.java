package org.gistsweep.orchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialSuspended;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.http.StudyJson;
import org.gistsweep.orchestrator.journal.JournalCodec;
import org.gistsweep.orchestrator.journal.JournalEntry;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;
import org.gistsweep.orchestrator.testing.Events;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Promotion ASHA through the service, with fake workers that take each published assignment in turn
 * and honour its resume_from and pause_after_epoch: the study completes, no trial trains an epoch
 * twice, and a restart over its journal rebuilds the same study. Writes the {@code
 * sweep-with-promotion} fixture with {@code -Dgist.writeResumeFixture=true}.
 */
@ExtendWith(VertxExtension.class)
class PromotionServiceTest {
  private static final long WAIT = 10;
  private final MutableClock clock = MutableClock.fixed();

  private static final String SWEEP =
      """
      name: promo
      budget: {trials: 6, parallel: 2, epochs: 9, max_attempts: 2}
      sampler: {type: random, seed: 11}
      pruner: {type: asha, reduction_factor: 3, mode: promotion}
      space:
        lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
      """;

  /** Trial n's objective at epoch e: fixed per trial, rising with the epochs. */
  private static double value(int n, int e) {
    return ((n * 37) % 11) / 20.0 + e / 100.0;
  }

  private static List<WireMessage> play(TrialAssignment a, Set<String> trained) {
    List<WireMessage> out = new ArrayList<>();
    String id = a.study();
    int total = ((Number) a.config().get("epochs")).intValue();
    int last = a.pauseAfterEpoch() == 0 ? total : a.pauseAfterEpoch();
    out.add(
        Events.startedResuming(
            id,
            a.trial(),
            a.attempt(),
            "w" + (a.trial() % 2),
            a.resumeFrom() == null ? 0 : a.resumeFrom().epoch(),
            null));
    for (int e = a.firstEpoch(); e <= last; e++) {
      assertThat(trained.add(a.trial() + "@" + e))
          .as("trial %d trains epoch %d once", a.trial(), e)
          .isTrue();
      out.add(
          e == total
              ? Events.epoch(id, a.trial(), a.attempt(), e, value(a.trial(), e))
              : Events.epochWithCheckpoint(id, a.trial(), a.attempt(), e, value(a.trial(), e)));
    }
    out.add(
        a.pauseAfterEpoch() == 0
            ? Events.finished(id, a.trial(), a.attempt(), value(a.trial(), total), total)
            : Events.suspended(id, a.trial(), a.attempt(), last, TrialSuspended.AT_RUNG));
    return out;
  }

  @Test
  void fakeWorkersRunAPromotionStudyToTheEndWithoutRetrainingAnEpoch(Vertx vertx) throws Exception {
    FakePublisher publisher = new FakePublisher();
    InMemoryStudyLog log = new InMemoryStudyLog(publisher);
    StudyService s = new StudyService(vertx, log, clock);
    s.recover().get(WAIT, TimeUnit.SECONDS);
    String id = s.submit(TestSpecs.parse(SWEEP)).get(WAIT, TimeUnit.SECONDS);
    Set<String> trained = new HashSet<>();
    int played = 0;
    while (!s.snapshot(id).orElseThrow().isFinished()) {
      int next = played;
      Waits.until(
          "assignment " + next + " or the end",
          Duration.ofSeconds(WAIT),
          () -> publisher.assignments.size() > next || s.snapshot(id).orElseThrow().isFinished());
      if (publisher.assignments.size() > played) {
        clock.advance(Duration.ofSeconds(1));
        assertThat(
                s.apply(play(publisher.assignments.get(played++), trained))
                    .get(WAIT, TimeUnit.SECONDS))
            .isEmpty();
      }
    }
    StudySnapshot done = s.snapshot(id).orElseThrow();
    assertThat(done.state()).isEqualTo(StudySnapshot.COMPLETE);
    assertThat(done.trials())
        .extracting(TrialSnapshot::state)
        .containsOnly(TrialState.COMPLETE, TrialState.PRUNED);
    assertThat(done.trials())
        .filteredOn(t -> t.state() == TrialState.COMPLETE)
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.epochs()).hasSize(9));
    assertThat(publisher.assignments)
        .filteredOn(a -> a.attempt() > 1)
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.resumeFrom()).isNotNull());
    assertThat(trained).as("6 trials x 9 epochs without promotion").hasSizeLessThan(6 * 9 / 2);
    assertThat(StudyJson.encode(StudyJson.study(done))).contains("\"pruner_mode\":\"promotion\"");

    String recorded = StudyJson.encode(StudyJson.study(done));
    StudyService second =
        new StudyService(vertx, new InMemoryStudyLog(new FakePublisher(), log.entries()), clock);
    second.recover().get(WAIT, TimeUnit.SECONDS);
    assertThat(StudyJson.encode(StudyJson.study(second.snapshot(id).orElseThrow())))
        .isEqualTo(recorded);
    if (Boolean.getBoolean("gist.writeResumeFixture")) {
      Path fixtures = Path.of("src/test/resources/journal");
      List<String> lines = new ArrayList<>();
      for (JournalEntry e : log.entries()) {
        lines.add(new String(JournalCodec.encode(e), StandardCharsets.UTF_8));
      }
      Files.write(fixtures.resolve("sweep-with-promotion.jsonl"), lines);
      Files.writeString(
          fixtures.resolve("sweep-with-promotion.expected.json"),
          StudyJson.encode(List.of(StudyJson.study(done))) + "\n");
    }
  }
}
