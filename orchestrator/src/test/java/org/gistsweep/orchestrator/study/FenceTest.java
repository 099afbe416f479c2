package org.gistsweep.orchestrator.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.AttemptTokens;
import org.gistsweep.common.wire.DeadLetterKind;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.Heartbeat;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialFailed;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.junit.jupiter.api.Test;

/**
 * The study's checks of worker reports with attempt tokens: what honest workers send is applied,
 * what they never send is rejected (changing nothing, not counted as fenced), what redeliveries
 * produce is fenced off.
 */
class FenceTest {
  private static final String ID = "fence-1";
  private static final int V = WireMessage.SCHEMA_VERSION;
  private static final int EPOCHS = 3;

  private final MutableClock clock = MutableClock.fixed();
  private final String secret = AttemptTokens.newSecret();
  private final Study study =
      new Study(ID, TestSpecs.random(3, 3, EPOCHS, 3), Long.MAX_VALUE, clock, secret);
  private final List<TrialAssignment> issued = List.of(create(0), create(1), create(2));

  private TrialAssignment create(int n) {
    return study.createTrial(n, Map.of("lr", 0.01), Map.of("epochs", EPOCHS));
  }

  private String token(int trial, int attempt) {
    return AttemptTokens.of(secret, ID, trial, attempt);
  }

  private static TrialStarted started(int trial, int attempt, String worker, String token) {
    return new TrialStarted(V, ID, trial, attempt, 1L, worker, 1_000, 5_000, 0, "cpu()", token);
  }

  private static Heartbeat heartbeat(int trial, int attempt, String worker, String token) {
    return new Heartbeat(V, ID, trial, attempt, 1L, worker, token);
  }

  private static EpochMetrics epoch(
      int trial, int attempt, String worker, int epoch, double top1, String token) {
    return new EpochMetrics(
        V, ID, trial, attempt, 1L, worker, epoch, 1.0, 0.5, 0.4, 0.1, 0.1, top1, 1e-3, 2.0, 100.0,
        token);
  }

  private static TrialFinished finished(
      int trial,
      int attempt,
      String worker,
      double best,
      int bestEpoch,
      int epochsRun,
      String token) {
    return new TrialFinished(
        V,
        ID,
        trial,
        attempt,
        1L,
        worker,
        TrialFinished.COMPLETE,
        best,
        bestEpoch,
        best,
        epochsRun,
        1_000,
        5_000,
        token);
  }

  private static TrialFailed failed(
      int trial, int attempt, String worker, boolean retriable, String token) {
    return new TrialFailed(
        V, ID, trial, attempt, 1L, worker, "invalid_config", "bad config", retriable, token);
  }

  private TrialSnapshot trial(int n) {
    return study.trial(n).orElseThrow();
  }

  /**
   * Applies {@code m}, expects it rejected as {@code kind} with {@code why}, and that nothing
   * changed.
   */
  private void assertRejected(WireMessage m, DeadLetterKind kind, String why) {
    StudySnapshot before = study.snapshot();
    Outcome o = study.apply(m);
    assertThat(o.kind()).as(m.toString()).isEqualTo(Outcome.Kind.REJECTED);
    assertThat(o.rejectedAs()).as(m.toString()).isEqualTo(kind);
    assertThat(o.reason()).as(m.toString()).contains(why);
    StudySnapshot after = study.snapshot();
    assertThat(after.trials()).as("no trial changed").isEqualTo(before.trials());
    assertThat(after.ignoredMessages())
        .as("rejections are not counted as fenced")
        .isEqualTo(before.ignoredMessages());
    assertThat(after.bestTrial()).isEqualTo(before.bestTrial());
  }

  @Test
  void everyAssignmentCarriesItsAttemptsTokenAndARetryGetsTheNextOne() {
    assertThat(issued)
        .extracting(TrialAssignment::attemptToken)
        .containsExactly(token(0, 1), token(1, 1), token(2, 1));
    study.apply(started(0, 1, "w1", token(0, 1)));
    Outcome retry =
        study.apply(
            new TrialFailed(V, ID, 0, 1, 1L, "w1", "worker_stopped", "stopped", true, token(0, 1)));
    assertThat(retry.kind()).isEqualTo(Outcome.Kind.RETRY);
    assertThat(retry.republish().attemptToken()).isEqualTo(token(0, 2)).isNotEqualTo(token(0, 1));
  }

  @Test
  void anHonestAttemptWithItsTokenIsApplied() {
    String t = token(0, 1);
    assertThat(study.apply(heartbeat(0, 1, "w1", t)).kind())
        .as("a heartbeat while the model loads")
        .isEqualTo(Outcome.Kind.CHANGED);
    assertThat(study.apply(started(0, 1, "w1", t)).kind()).isEqualTo(Outcome.Kind.CHANGED);
    for (int e = 1; e <= EPOCHS; e++) {
      assertThat(study.apply(epoch(0, 1, "w1", e, 0.2 * e, t)).kind())
          .isEqualTo(Outcome.Kind.CHANGED);
    }
    assertThat(study.apply(finished(0, 1, "w1", 0.6, 3, 3, t)).kind())
        .isEqualTo(Outcome.Kind.FINISHED);
    assertThat(trial(0).state()).isEqualTo(TrialState.COMPLETE);
    assertThat(trial(0).worker()).isEqualTo("w1");
  }

  @Test
  void aFailureBeforeTheStartIsApplied() {
    assertThat(study.apply(failed(0, 1, "w1", false, token(0, 1))).kind())
        .as("an invalid config, before any heartbeat")
        .isEqualTo(Outcome.Kind.FINISHED);
    study.apply(heartbeat(1, 1, "w2", token(1, 1)));
    assertThat(study.apply(failed(1, 1, "w2", false, token(1, 1))).kind())
        .as("a refused path, after a heartbeat")
        .isEqualTo(Outcome.Kind.FINISHED);
    assertThat(trial(0).worker()).as("the worker that failed it names the attempt").isEqualTo("w1");
    assertThat(trial(0).attempts())
        .singleElement()
        .satisfies(a -> assertThat(a.worker()).isEqualTo("w1"));
    assertThat(study.apply(failed(2, 1, "w3", true, token(2, 1))).kind())
        .isEqualTo(Outcome.Kind.RETRY);
    assertThat(trial(2).attempts().get(0).worker())
        .as("the ended attempt keeps its worker")
        .isEqualTo("w3");
    assertThat(trial(2).worker()).as("the next attempt has none yet").isNull();
  }

  @Test
  void theReportedAttackChangesNothing() {
    assertRejected(
        finished(0, 1, "evil", 0.99, 1, -5, null), DeadLetterKind.TOKEN, "no attempt_token");
    assertRejected(
        finished(0, 1, "evil", 0.99, 1, 1, "00000000000000000000000000000000"),
        DeadLetterKind.TOKEN,
        "attempt_token is not this attempt's");
    assertRejected(
        finished(0, 1, "orchestrator", 0.99, 1, 1, token(0, 1)),
        DeadLetterKind.INVALID,
        "worker id 'orchestrator' is reserved");
    assertRejected(
        finished(0, 1, "w1", 0.99, 1, 1, token(0, 1)),
        DeadLetterKind.OUT_OF_ORDER,
        "the trial is WAITING, not RUNNING");
    study.apply(started(1, 1, "w1", token(1, 1)));
    assertRejected(
        epoch(1, 1, "w1", Integer.MAX_VALUE, 0.5, token(1, 1)),
        DeadLetterKind.OUT_OF_RANGE,
        "epoch 2147483647 of a trial of 3 epochs");
    assertThat(study.snapshot().bestTrial()).isNull();
  }

  @Test
  void aTokenOfAnotherTrialAttemptOrStudyIsRefused() {
    assertRejected(heartbeat(0, 1, "w1", token(1, 1)), DeadLetterKind.TOKEN, "not this attempt's");
    assertRejected(heartbeat(0, 1, "w1", token(0, 2)), DeadLetterKind.TOKEN, "not this attempt's");
    assertRejected(
        heartbeat(0, 1, "w1", AttemptTokens.of(secret, "other-study", 0, 1)),
        DeadLetterKind.TOKEN,
        "not this attempt's");
    assertRejected(
        heartbeat(0, 1, "w1", AttemptTokens.of(AttemptTokens.newSecret(), ID, 0, 1)),
        DeadLetterKind.TOKEN,
        "not this attempt's");
    assertRejected(heartbeat(0, 1, "w1", null), DeadLetterKind.TOKEN, "no attempt_token");
    assertThat(trial(0).state()).isEqualTo(TrialState.WAITING);
  }

  @Test
  void theWorkerOfAnAttemptIsItsFirstAcceptedReportsAndNoOtherMayReport() {
    String t = token(0, 1);
    study.apply(heartbeat(0, 1, "w1", t));
    assertRejected(
        started(0, 1, "w2", t),
        DeadLetterKind.WRONG_WORKER,
        "from worker w2, but worker w1 runs this attempt");
    study.apply(started(0, 1, "w1", t));
    assertRejected(heartbeat(0, 1, "w2", t), DeadLetterKind.WRONG_WORKER, "from worker w2");
    assertRejected(epoch(0, 1, "w2", 1, 0.9, t), DeadLetterKind.WRONG_WORKER, "from worker w2");
    assertRejected(
        finished(0, 1, "w2", 0.9, 1, 1, t), DeadLetterKind.WRONG_WORKER, "from worker w2");
    assertRejected(failed(0, 1, "w2", false, t), DeadLetterKind.WRONG_WORKER, "from worker w2");
    assertThat(trial(0).worker()).isEqualTo("w1");
  }

  @Test
  void epochsAndFinishesNeedTheAttemptsStartAndStayWithinItsEpochs() {
    String t = token(0, 1);
    study.apply(heartbeat(0, 1, "w1", t));
    assertRejected(
        epoch(0, 1, "w1", 1, 0.5, t),
        DeadLetterKind.OUT_OF_ORDER,
        "epoch 1 before the attempt's trial_started");
    assertRejected(
        finished(0, 1, "w1", 0.5, 1, 1, t),
        DeadLetterKind.OUT_OF_ORDER,
        "the trial is RUNNING, not RUNNING under this attempt (no trial_started)");
    study.apply(started(0, 1, "w1", t));
    assertRejected(
        epoch(0, 1, "w1", EPOCHS + 1, 0.5, t),
        DeadLetterKind.OUT_OF_RANGE,
        "epoch 4 of a trial of 3 epochs");
    study.apply(epoch(0, 1, "w1", 1, 0.4, t));
    study.apply(epoch(0, 1, "w1", 2, 0.5, t));
    assertRejected(
        finished(0, 1, "w1", 0.5, 2, EPOCHS + 1, t),
        DeadLetterKind.OUT_OF_RANGE,
        "epochs_run 4 and best_epoch 2 must be at most the trial's 3");
    assertRejected(
        finished(0, 1, "w1", 0.5, 1, 1, t),
        DeadLetterKind.OUT_OF_RANGE,
        "epochs_run 1 is below epoch 2 already reported");
    assertThat(study.apply(finished(0, 1, "w1", 0.5, 2, 2, t)).kind())
        .as("pruned after two epochs")
        .isEqualTo(Outcome.Kind.FINISHED);
  }

  @Test
  void unknownTrialsAndAttemptsNeverIssuedAreRejected() {
    assertRejected(
        heartbeat(7, 1, "w1", AttemptTokens.of(secret, ID, 7, 1)),
        DeadLetterKind.UNKNOWN_ATTEMPT,
        "unknown trial (the study has 3)");
    assertRejected(
        heartbeat(0, 2, "w1", token(0, 2)),
        DeadLetterKind.UNKNOWN_ATTEMPT,
        "attempt never issued (current attempt 1)");
  }

  @Test
  void whatRedeliveriesProduceIsFencedOffNotRejected() {
    String t = token(0, 1);
    study.apply(started(0, 1, "w1", t));
    study.apply(epoch(0, 1, "w1", 1, 0.4, t));
    assertThat(study.apply(epoch(0, 1, "w1", 1, 0.4, t)).kind()).isEqualTo(Outcome.Kind.IGNORED);
    assertThat(study.apply(started(0, 1, "w1", t)).kind()).isEqualTo(Outcome.Kind.IGNORED);
    assertThat(study.apply(started(0, 1, "w2", t)).reason())
        .as("a second worker handed the record")
        .contains("duplicate start");
    study.apply(failed(0, 1, "w1", true, t));
    assertThat(study.apply(heartbeat(0, 1, "w1", t)).reason()).contains("stale attempt");
    study.apply(started(1, 1, "w1", token(1, 1)));
    study.apply(finished(1, 1, "w1", 0.5, 0, 0, token(1, 1)));
    assertThat(study.apply(heartbeat(1, 1, "w1", token(1, 1))).reason())
        .contains("already COMPLETE");
    assertThat(study.snapshot().ignoredMessages()).isEqualTo(5);
  }

  @Test
  void anExpiredLeaseIsTheOrchestratorsOwnAndNeedsNoToken() {
    study.apply(started(0, 1, "w1", token(0, 1)));
    clock.advance(Duration.ofMinutes(5));
    TrialFailed expiry = study.expiredLeases(Duration.ofSeconds(30), Study.ORCHESTRATOR).get(0);
    assertThat(expiry.attemptToken()).isNull();
    assertThat(study.applyOwn(expiry).kind()).isEqualTo(Outcome.Kind.RETRY);
    assertThat(trial(0).attempt()).isEqualTo(2);
  }

  @Test
  void aStudyWithoutASecretTakesReportsWithoutTokens() {
    Study old = new Study(ID, TestSpecs.random(1, 1, EPOCHS, 3), Long.MAX_VALUE, clock);
    assertThat(old.createTrial(0, Map.of("lr", 0.01), Map.of("epochs", EPOCHS)).attemptToken())
        .isNull();
    assertThat(old.apply(started(0, 1, "w1", null)).kind()).isEqualTo(Outcome.Kind.CHANGED);
    assertThat(old.apply(epoch(0, 1, "w1", 1, 0.5, null)).kind()).isEqualTo(Outcome.Kind.CHANGED);
    assertThat(old.apply(epoch(0, 1, "w2", 2, 0.5, null)).rejectedAs())
        .as("the other checks still hold")
        .isEqualTo(DeadLetterKind.WRONG_WORKER);
  }
}
