package org.gistsweep.orchestrator.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gistsweep.orchestrator.testing.Events.epoch;
import static org.gistsweep.orchestrator.testing.Events.heartbeat;
import static org.gistsweep.orchestrator.testing.Events.started;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.TrialFailed;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.junit.jupiter.api.Test;

/** A running trial whose worker goes silent is issued again, never left RUNNING. */
class LeaseTest {
  private static final String ID = "lease-1";
  private static final Duration LEASE = Duration.ofSeconds(30);
  private final MutableClock clock = MutableClock.fixed();

  private Study studyWithOneRunningTrial(int maxAttempts) {
    Study s = new Study(ID, TestSpecs.random(1, 1, 3, maxAttempts), Long.MAX_VALUE, clock);
    s.createTrial(0, Map.of("lr", 0.01), Map.of("epochs", 3));
    s.apply(started(ID, 0, 1, "w1"));
    return s;
  }

  @Test
  void signsOfLifeKeepTheLease() {
    Study s = studyWithOneRunningTrial(3);
    clock.advance(Duration.ofSeconds(25));
    s.apply(heartbeat(ID, 0, 1));
    clock.advance(Duration.ofSeconds(25));
    s.apply(epoch(ID, 0, 1, 1, 0.4));
    clock.advance(Duration.ofSeconds(29));
    assertThat(s.expiredLeases(LEASE, "orchestrator")).isEmpty();
  }

  @Test
  void silenceBeforeTheOrchestratorCouldHearCountsNot() {
    Study s = studyWithOneRunningTrial(3);
    clock.advance(Duration.ofSeconds(40));
    Instant restartedOrReconnected = clock.instant();
    assertThat(s.expiredLeases(LEASE, "orchestrator", restartedOrReconnected)).isEmpty();
    clock.advance(Duration.ofSeconds(29));
    assertThat(s.expiredLeases(LEASE, "orchestrator", restartedOrReconnected)).isEmpty();
    clock.advance(Duration.ofSeconds(2));
    assertThat(s.expiredLeases(LEASE, "orchestrator", restartedOrReconnected)).hasSize(1);
  }

  @Test
  void aSilentWorkerLosesTheTrialToTheNextAttempt() {
    Study s = studyWithOneRunningTrial(3);
    clock.advance(Duration.ofSeconds(31));
    List<TrialFailed> expired = s.expiredLeases(LEASE, "orchestrator");
    assertThat(expired)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.attempt()).isEqualTo(1);
              assertThat(f.retriable()).isTrue();
              assertThat(f.errorType()).isEqualTo("worker_lost");
              assertThat(f.message()).contains("w1", "30 s");
            });

    Outcome o = s.applyOwn(expired.get(0));
    assertThat(o.kind()).isEqualTo(Outcome.Kind.RETRY);
    assertThat(o.republish().attempt()).isEqualTo(2);
    assertThat(s.trial(0).orElseThrow().state()).isEqualTo(TrialState.WAITING);
    assertThat(s.expiredLeases(LEASE, "orchestrator")).as("a waiting trial has no lease").isEmpty();

    assertThat(s.apply(heartbeat(ID, 0, 1)).kind())
        .as("the lost worker's late heartbeat")
        .isEqualTo(Outcome.Kind.IGNORED);
    assertThat(s.apply(epoch(ID, 0, 1, 2, 0.9)).kind()).isEqualTo(Outcome.Kind.IGNORED);
    assertThat(s.trial(0).orElseThrow().epochs()).isEmpty();
  }

  @Test
  void theTrialFailsWithTheReasonOnceItsAttemptsAreSpent() {
    Study s = studyWithOneRunningTrial(2);
    clock.advance(Duration.ofSeconds(31));
    s.applyOwn(s.expiredLeases(LEASE, "orchestrator").get(0));
    s.apply(started(ID, 0, 2, "w2"));
    clock.advance(Duration.ofSeconds(31));
    Outcome o = s.applyOwn(s.expiredLeases(LEASE, "orchestrator").get(0));
    assertThat(o.kind()).isEqualTo(Outcome.Kind.FINISHED);
    TrialSnapshot t = s.trial(0).orElseThrow();
    assertThat(t.state()).isEqualTo(TrialState.FAILED);
    assertThat(t.error().message()).contains("w2");
    assertThat(s.isComplete()).isTrue();
  }

  @Test
  void onlyTheOrchestratorAppliesAFailureUnderItsOwnId() {
    Study s = studyWithOneRunningTrial(3);
    clock.advance(Duration.ofSeconds(31));
    TrialFailed lease = s.expiredLeases(LEASE, Study.ORCHESTRATOR).get(0);
    Outcome asIfFromAWorker = s.apply(lease);
    assertThat(asIfFromAWorker.kind()).isEqualTo(Outcome.Kind.REJECTED);
    assertThat(asIfFromAWorker.reason()).contains("worker id 'orchestrator' is reserved");
    assertThat(s.trial(0).orElseThrow().state()).isEqualTo(TrialState.RUNNING);
    assertThat(s.applyOwn(lease).kind()).isEqualTo(Outcome.Kind.RETRY);
    assertThat(s.applyOwn(lease).kind())
        .as("the same expiry again: a stale attempt")
        .isEqualTo(Outcome.Kind.IGNORED);
  }

  @Test
  void askTellTrialsHaveNoWorkerAndNeverExpire() {
    Study s = new Study(ID, TestSpecs.random(1, 1, 3, 3), Long.MAX_VALUE, clock);
    s.ask(0, Map.of("lr", 0.01));
    clock.advance(Duration.ofHours(2));
    assertThat(s.expiredLeases(LEASE, "orchestrator")).isEmpty();
  }
}
