package org.gistsweep.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gistsweep.cli.broker.KafkaBrokerExtension;
import org.gistsweep.common.spec.SweepSpecParser;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.TrialSuspended;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.Orchestrator;
import org.gistsweep.orchestrator.OrchestratorOptions;
import org.gistsweep.orchestrator.http.StudyJson;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Promotion ASHA over a real broker, the orchestrator's side: a scripted worker reads each
 * assignment from {@code gist.trials} and reports on {@code gist.events} as a worker that honours
 * {@code resume_from} and {@code pause_after_epoch} would (checkpoints, {@code trial_suspended} at
 * the rung). No trial trains an epoch twice, promoted attempts resume from their rung's checkpoint,
 * the study completes, and a restarted orchestrator rebuilds it from the Kafka journal.
 */
@Tag(Tier.BROKER)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PromotionOverBrokerIT {
  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();

  private static final int V = WireMessage.SCHEMA_VERSION;
  private static final String WORKER = "scripted-worker";
  private static final String SWEEP =
      """
      name: promotion
      budget: {trials: 6, parallel: 2, epochs: 9}
      sampler: {type: random, seed: 5}
      pruner: {type: asha, reduction_factor: 3, mode: promotion}
      space:
        lr: {type: float, low: 1.0e-3, high: 1.0e-2, log: true}
      """;

  private static double value(int trial, int epoch) {
    return ((trial * 37) % 11) / 20.0 + epoch / 100.0;
  }

  private static ArtifactRef checkpoint(TrialAssignment a, int epoch) {
    String name = ArtifactRef.checkpointName(epoch);
    return new ArtifactRef(
        name,
        ArtifactRef.keyOf(a.study(), a.trial(), a.attempt(), name),
        100,
        "%064x".formatted(epoch));
  }

  /** What a resuming worker reports for one assignment. */
  private static List<WireMessage> play(TrialAssignment a, Set<String> trained) {
    String id = a.study();
    String token = a.attemptToken();
    int total = ((Number) a.config().get("epochs")).intValue();
    int last = a.pauseAfterEpoch() == 0 ? total : a.pauseAfterEpoch();
    List<WireMessage> out = new ArrayList<>();
    out.add(
        new TrialStarted(
            V,
            id,
            a.trial(),
            a.attempt(),
            1L,
            WORKER,
            1_000,
            5_000_000,
            0,
            "cpu()",
            token,
            a.resumeFrom() == null ? 0 : a.resumeFrom().epoch(),
            null));
    for (int e = a.firstEpoch(); e <= last; e++) {
      assertThat(trained.add(a.trial() + "@" + e))
          .as("trial %d trains epoch %d once", a.trial(), e)
          .isTrue();
      out.add(
          new EpochMetrics(
              V,
              id,
              a.trial(),
              a.attempt(),
              2L,
              WORKER,
              e,
              1.0 / e,
              0.5,
              0.4,
              0.1,
              0.1,
              value(a.trial(), e),
              1e-3,
              1,
              100,
              token,
              e == total ? null : checkpoint(a, e)));
    }
    out.add(
        a.pauseAfterEpoch() == 0
            ? new TrialFinished(
                V,
                id,
                a.trial(),
                a.attempt(),
                3L,
                WORKER,
                TrialFinished.COMPLETE,
                value(a.trial(), total),
                total,
                value(a.trial(), total),
                total,
                1_000,
                5_000_000,
                token)
            : new TrialSuspended(
                V,
                id,
                a.trial(),
                a.attempt(),
                3L,
                WORKER,
                last,
                checkpoint(a, last),
                TrialSuspended.AT_RUNG,
                token));
    return out;
  }

  @Test
  void scriptedWorkersRunAPromotionStudyWithoutRetrainingAnEpochAndItReplays() throws Exception {
    OrchestratorOptions options = OrchestratorOptions.defaults(BROKER.bootstrap(), 0);
    String id;
    String recorded;
    Set<String> trained = new HashSet<>();
    List<TrialAssignment> played = new ArrayList<>();
    try (Orchestrator orchestrator = Orchestrator.start(options)) {
      id = orchestrator.submit(SweepSpecParser.parse(SWEEP, "promotion.yaml", "promotion"));
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (!orchestrator.snapshot(id).orElseThrow().isFinished()) {
        assertThat(System.nanoTime())
            .as("the study finishes within 3 minutes; played %s", played.size())
            .isLessThan(deadline);
        List<TrialAssignment> all = Records.assignments(BROKER.bootstrap(), id);
        for (TrialAssignment a : all.subList(played.size(), all.size())) {
          Records.produce(BROKER.bootstrap(), Topics.EVENTS, play(a, trained));
          played.add(a);
        }
        Waits.pause(Duration.ofMillis(200));
      }
      StudySnapshot done = orchestrator.completion(id).get(30, TimeUnit.SECONDS);
      assertThat(done.state()).isEqualTo(StudySnapshot.COMPLETE);
      assertThat(done.trials())
          .extracting(TrialSnapshot::state)
          .containsOnly(TrialState.COMPLETE, TrialState.PRUNED);
      assertThat(done.trials())
          .filteredOn(t -> t.state() == TrialState.COMPLETE)
          .isNotEmpty()
          .allSatisfy(t -> assertThat(t.epochs()).hasSize(9));
      assertThat(played)
          .filteredOn(a -> a.attempt() > 1)
          .isNotEmpty()
          .allSatisfy(a -> assertThat(a.resumeFrom()).isNotNull());
      assertThat(trained).as("fewer epochs than 6 trials x 9").hasSizeLessThan(27);
      recorded = StudyJson.encode(StudyJson.study(done));
    }
    try (Orchestrator restarted = Orchestrator.start(options)) {
      assertThat(StudyJson.encode(StudyJson.study(restarted.snapshot(id).orElseThrow())))
          .isEqualTo(recorded);
    }
  }
}
