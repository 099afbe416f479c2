package org.gistsweep.orchestrator.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gistsweep.orchestrator.testing.Events.epoch;
import static org.gistsweep.orchestrator.testing.Events.failed;
import static org.gistsweep.orchestrator.testing.Events.finished;
import static org.gistsweep.orchestrator.testing.Events.heartbeat;
import static org.gistsweep.orchestrator.testing.Events.pruned;
import static org.gistsweep.orchestrator.testing.Events.started;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.junit.jupiter.api.Test;

class StudyTest {
  private static final String ID = "demo-1";
  private final MutableClock clock = MutableClock.fixed();

  private Study study(int trials, int parallel, int maxAttempts) {
    return new Study(ID, TestSpecs.random(trials, parallel, 3, maxAttempts), Long.MAX_VALUE, clock);
  }

  private static TrialAssignment create(Study s) {
    int n = s.nextTrialNumber();
    return s.createTrial(n, Map.of("lr", 0.01 * (n + 1)), Map.of("epochs", 3));
  }

  private static TrialSnapshot trial(Study s, int n) {
    return s.trial(n).orElseThrow();
  }

  /**
   * Trial {@code n}'s first attempt starts on w1 and completes with {@code value} after 3 epochs
   * (reports lost).
   */
  private static void finish(Study s, int n, double value) {
    assertThat(s.apply(started(ID, n, 1, "w1")).kind()).isEqualTo(Outcome.Kind.CHANGED);
    assertThat(s.apply(finished(ID, n, 1, value, 3)).kind()).isEqualTo(Outcome.Kind.FINISHED);
  }

  @Test
  void happyPathWaitingRunningComplete() {
    Study s = study(1, 1, 3);
    TrialAssignment a = create(s);
    assertThat(a.attempt()).isEqualTo(1);
    assertThat(((Number) a.config().get("epochs")).intValue()).isEqualTo(3);
    assertThat(trial(s, 0).state()).isEqualTo(TrialState.WAITING);

    clock.advance(Duration.ofSeconds(5));
    assertThat(s.apply(started(ID, 0, 1, "w1")).kind()).isEqualTo(Outcome.Kind.CHANGED);
    TrialSnapshot running = trial(s, 0);
    assertThat(running.state()).isEqualTo(TrialState.RUNNING);
    assertThat(running.worker()).isEqualTo("w1");
    assertThat(running.trainableParams()).isEqualTo(1_000L);
    assertThat(running.gistParams()).isEqualTo(192L);
    assertThat(running.startedAt()).isEqualTo(clock.instant());

    s.apply(epoch(ID, 0, 1, 1, 0.50));
    s.apply(epoch(ID, 0, 1, 2, 0.70));
    s.apply(epoch(ID, 0, 1, 3, 0.65));
    assertThat(trial(s, 0).currentEpoch()).isEqualTo(3);
    assertThat(trial(s, 0).value()).isNull();
    assertThat(trial(s, 0).bestEpoch()).isEqualTo(2);

    Outcome done = s.apply(finished(ID, 0, 1, 0.99, 3));
    assertThat(done.kind()).isEqualTo(Outcome.Kind.FINISHED);
    TrialSnapshot t = trial(s, 0);
    assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
    assertThat(t.value()).as("best recorded val_top1, not the reported one").isEqualTo(0.70);
    assertThat(t.lastValue()).isEqualTo(0.65);
    assertThat(t.intermediateValues()).containsEntry(2, 0.70);
    assertThat(s.isComplete()).isTrue();
    assertThat(s.snapshot().state()).isEqualTo(StudySnapshot.COMPLETE);
    assertThat(s.snapshot().finishedAt()).isEqualTo(clock.instant());
  }

  @Test
  void aHeartbeatWhileTheModelLoadsMovesToRunningAndAFinishWithoutEpochsUsesTheReport() {
    Study s = study(2, 2, 3);
    create(s);
    create(s);
    assertThat(s.apply(heartbeat(ID, 0, 1)).kind()).isEqualTo(Outcome.Kind.CHANGED);
    assertThat(trial(s, 0).state()).isEqualTo(TrialState.RUNNING);
    assertThat(s.apply(heartbeat(ID, 0, 1)).kind()).isEqualTo(Outcome.Kind.UNCHANGED);
    assertThat(s.apply(started(ID, 0, 1, "w1")).kind())
        .as("the start fills in sizes")
        .isEqualTo(Outcome.Kind.CHANGED);
    assertThat(trial(s, 0).trainableParams()).isEqualTo(1_000L);

    s.apply(started(ID, 1, 1, "w2"));
    s.apply(pruned(ID, 1, 1, 0.33, 1)); // its epoch report was lost
    assertThat(trial(s, 1).state()).isEqualTo(TrialState.PRUNED);
    assertThat(trial(s, 1).value()).isEqualTo(0.33);
    assertThat(trial(s, 1).bestEpoch()).isEqualTo(1);
  }

  @Test
  void epochVectorsFollowTheTrainableParamsConstantAndResetOnRetry() {
    Study s =
        new Study(
            ID,
            TestSpecs.parse(
                """
                name: demo
                objectives: [{metric: val_top1, direction: maximize}, {metric: trainable_params, direction: minimize}]
                budget: {trials: 1, parallel: 1, epochs: 3, max_attempts: 2}
                sampler: {type: random, seed: 7}
                space:
                  lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
                """),
            Long.MAX_VALUE,
            clock);
    create(s);
    s.apply(started(ID, 0, 1, "w1"));
    s.apply(epoch(ID, 0, 1, 1, 0.4));
    s.apply(epoch(ID, 0, 1, 2, 0.6));
    assertThat(trial(s, 0).intermediateVectors())
        .containsEntry(1, List.of(0.4, 1000.0))
        .containsEntry(2, List.of(0.6, 1000.0));
    assertThat(trial(s, 0).intermediateValues()).containsEntry(1, 0.4).containsEntry(2, 0.6);

    s.apply(failed(ID, 0, 1, true));
    assertThat(trial(s, 0).intermediateVectors()).as("the next attempt starts clean").isEmpty();
    s.apply(started(ID, 0, 2, "w1"));
    s.apply(epoch(ID, 0, 2, 1, 0.5));
    assertThat(trial(s, 0).intermediateVectors()).containsOnlyKeys(1);
  }

  @Test
  void fencedMessagesAreCountedAndChangeNothing() {
    Study s = study(2, 2, 3);
    create(s);
    s.apply(started(ID, 0, 1, "w1"));
    s.apply(epoch(ID, 0, 1, 1, 0.5));
    StudySnapshot before = s.snapshot();

    List<WireMessage> fenced =
        List.of(
            epoch(ID, 0, 1, 1, 0.9), // duplicate epoch
            started(ID, 0, 1, "w2"), // duplicate start
            epoch("other-study", 0, 1, 2, 0.9)); // other study
    for (WireMessage m : fenced) {
      assertThat(s.apply(m).kind()).as(m.toString()).isEqualTo(Outcome.Kind.IGNORED);
    }
    List<WireMessage> rejected =
        List.of(
            epoch(ID, 5, 1, 1, 0.9), // unknown trial
            epoch(ID, 0, 2, 2, 0.9), // attempt never issued
            new TrialControl(1, ID, 0, 1, 1L, TrialControl.PRUNE, "x")); // not an event
    for (WireMessage m : rejected) {
      assertThat(s.apply(m).kind()).as(m.toString()).isEqualTo(Outcome.Kind.REJECTED);
    }
    StudySnapshot after = s.snapshot();
    assertThat(after.trials()).isEqualTo(before.trials());
    assertThat(after.ignoredMessages())
        .as("rejected messages are not counted as fenced")
        .isEqualTo(3);
    assertThat(after.recentIgnored()).anyMatch(r -> r.contains("duplicate epoch 1"));
    assertThat(after.recentIgnored()).anyMatch(r -> r.contains("duplicate start"));
    assertThat(after.recentIgnored())
        .noneMatch(r -> r.contains("unknown trial") || r.contains("never issued"));
  }

  @Test
  void finishedTrialIsFrozen() {
    Study s = study(1, 1, 3);
    create(s);
    s.apply(started(ID, 0, 1, "w1"));
    s.apply(finished(ID, 0, 1, 0.8, 3));
    TrialSnapshot frozen = trial(s, 0);
    for (WireMessage late :
        List.of(
            epoch(ID, 0, 1, 4, 0.99),
            finished(ID, 0, 1, 0.99, 3),
            failed(ID, 0, 1, true),
            heartbeat(ID, 0, 1))) {
      Outcome o = s.apply(late);
      assertThat(o.kind()).isEqualTo(Outcome.Kind.IGNORED);
      assertThat(o.reason()).contains("already COMPLETE");
    }
    assertThat(trial(s, 0)).isEqualTo(frozen);
  }

  @Test
  void retriableFailureRetriesWithTheNextAttemptUntilAttemptsRunOut() {
    Study s = study(1, 1, 2);
    TrialAssignment first = create(s);
    s.apply(started(ID, 0, 1, "w1"));
    s.apply(epoch(ID, 0, 1, 1, 0.5));

    Outcome retry = s.apply(failed(ID, 0, 1, true));
    assertThat(retry.kind()).isEqualTo(Outcome.Kind.RETRY);
    assertThat(retry.republish().attempt()).isEqualTo(2);
    assertThat(retry.republish().params()).isEqualTo(first.params());
    assertThat(retry.republish().config()).isEqualTo(first.config());
    TrialSnapshot waiting = trial(s, 0);
    assertThat(waiting.state()).isEqualTo(TrialState.WAITING);
    assertThat(waiting.attempt()).isEqualTo(2);
    assertThat(waiting.epochs()).isEmpty();
    assertThat(waiting.error().type()).isEqualTo("worker_lost");

    assertThat(s.apply(epoch(ID, 0, 1, 2, 0.9)).reason()).contains("stale attempt");
    s.apply(started(ID, 0, 2, "w2"));
    assertThat(trial(s, 0).worker()).isEqualTo("w2");

    Outcome last = s.apply(failed(ID, 0, 2, true));
    assertThat(last.kind()).isEqualTo(Outcome.Kind.FINISHED);
    assertThat(trial(s, 0).state()).isEqualTo(TrialState.FAILED);
    assertThat(trial(s, 0).value()).isNull();
    assertThat(s.isComplete()).isTrue();
  }

  @Test
  void nonRetriableFailureFailsAtOnce() {
    Study s = study(1, 1, 3);
    create(s);
    assertThat(s.apply(failed(ID, 0, 1, false)).kind()).isEqualTo(Outcome.Kind.FINISHED);
    assertThat(trial(s, 0).state()).isEqualTo(TrialState.FAILED);
    assertThat(trial(s, 0).error().retriable()).isFalse();
  }

  @Test
  void parallelCapAndTotalBudget() {
    Study s = study(5, 2, 3);
    assertThat(s.trialsToCreate()).isEqualTo(2);
    create(s);
    assertThat(s.trialsToCreate()).isEqualTo(1);
    create(s);
    assertThat(s.trialsToCreate()).isZero();
    assertThatThrownBy(() -> create(s)).isInstanceOf(IllegalStateException.class);
    s.apply(failed(ID, 0, 1, true));
    assertThat(s.trialsToCreate()).as("a retried trial stays live").isZero();
    finish(s, 1, 0.5);
    assertThat(s.trialsToCreate()).isEqualTo(1);
    create(s);
    s.apply(failed(ID, 0, 2, false));
    finish(s, 2, 0.5);
    assertThat(s.trialsToCreate()).isEqualTo(2);
    create(s);
    create(s);
    assertThat(s.trialsToCreate()).as("budget spent").isZero();
    assertThat(s.isComplete()).isFalse();
    finish(s, 3, 0.5);
    finish(s, 4, 0.5);
    assertThat(s.isComplete()).isTrue();
    assertThat(s.snapshot().counts())
        .containsEntry(TrialState.COMPLETE, 4)
        .containsEntry(TrialState.FAILED, 1);
  }

  @Test
  void samplerSizeCapsTheTrials() {
    Study s = new Study(ID, TestSpecs.random(10, 4, 3, 3), 2, clock);
    assertThat(s.trialsToCreate()).isEqualTo(2);
    assertThat(s.snapshot().maxTrials()).isEqualTo(2);
  }

  @Test
  void bestTrialFollowsTheDirectionAndIgnoresPrunedTrials() {
    Study max = study(3, 3, 3);
    for (int i = 0; i < 3; i++) {
      create(max);
    }
    finish(max, 0, 0.6);
    finish(max, 1, 0.8);
    max.apply(started(ID, 2, 1, "w1"));
    max.apply(pruned(ID, 2, 1, 0.9, 1));
    assertThat(max.snapshot().bestTrial()).isEqualTo(1);
    assertThat(max.snapshot().bestValue()).isEqualTo(0.8);

    Study min =
        new Study(
            ID,
            TestSpecs.parse(
                "name: m\n"
                    + "objective: {metric: train_loss, direction: minimize}\n"
                    + "budget: {trials: 2, parallel: 2}\n"),
            Long.MAX_VALUE,
            clock);
    create(min);
    create(min);
    min.apply(started(ID, 0, 1, "w1"));
    min.apply(started(ID, 1, 1, "w1"));
    min.apply(epoch(ID, 0, 1, 1, 0.5, 0.9));
    min.apply(epoch(ID, 0, 1, 2, 0.6, 0.4));
    min.apply(epoch(ID, 1, 1, 1, 0.9, 0.6));
    min.apply(finished(ID, 0, 1, 0.6, 2));
    min.apply(finished(ID, 1, 1, 0.9, 1));
    assertThat(trial(min, 0).value()).isEqualTo(0.4);
    assertThat(min.snapshot().bestTrial()).isEqualTo(0);
    assertThat(min.snapshot().bestValue()).isEqualTo(0.4);
  }

  @Test
  void failedCreationFinishesTheTrial() {
    Study s = study(1, 1, 3);
    TrialSnapshot t =
        s.createFailedTrial(
            0, Map.of("lr", 5.0), new TrialError("invalid_config", "lr too high", false));
    assertThat(t.state()).isEqualTo(TrialState.FAILED);
    assertThat(s.isComplete()).isTrue();
  }

  @Test
  void replayingTheEventLogTwiceGivesTheSameState() {
    List<WireMessage> log =
        List.of(
            started(ID, 0, 1, "w1"),
            epoch(ID, 0, 1, 1, 0.3),
            failed(ID, 0, 1, true),
            started(ID, 1, 1, "w2"),
            epoch(ID, 1, 1, 1, 0.6),
            epoch(ID, 1, 1, 2, 0.7),
            finished(ID, 1, 1, 0.7, 2),
            started(ID, 0, 2, "w2"),
            epoch(ID, 0, 2, 1, 0.4),
            finished(ID, 0, 2, 0.4, 1));
    Study once = study(2, 2, 3);
    Study twice = study(2, 2, 3);
    create(once);
    create(once);
    create(twice);
    create(twice);
    log.forEach(once::apply);
    log.forEach(twice::apply);
    log.forEach(twice::apply);
    assertThat(twice.snapshot().trials()).isEqualTo(once.snapshot().trials());
    assertThat(twice.snapshot().bestTrial()).isEqualTo(1);
    assertThat(twice.isComplete()).isTrue();
    assertThat(twice.ignoredMessages()).isEqualTo(log.size());
  }

  @Test
  void trialNumbersMustComeInTurn() {
    Study s = study(3, 3, 3);
    assertThatThrownBy(() -> s.createTrial(1, Map.of(), Map.of()))
        .hasMessageContaining("expects trial 0");
  }
}
