package org.gistsweep.orchestrator.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gistsweep.orchestrator.testing.Events.checkpoint;
import static org.gistsweep.orchestrator.testing.Events.epoch;
import static org.gistsweep.orchestrator.testing.Events.epochWithCheckpoint;
import static org.gistsweep.orchestrator.testing.Events.failed;
import static org.gistsweep.orchestrator.testing.Events.finished;
import static org.gistsweep.orchestrator.testing.Events.started;
import static org.gistsweep.orchestrator.testing.Events.startedResuming;
import static org.gistsweep.orchestrator.testing.Events.suspended;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.common.wire.DeadLetterKind;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.ResumePoint;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.common.wire.TrialFailed;
import org.gistsweep.common.wire.TrialSuspended;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.junit.jupiter.api.Test;

/** Issue 19 in the fold: checkpoints recorded, reissued attempts resume, suspend and resume. */
class ResumeTest {
  private static final String ID = "resume-1";
  private static final String SUSPEND_CALL = "POST /api/studies/" + ID + "/trials/0/suspend";
  private final MutableClock clock = MutableClock.fixed();

  private Study study(int trials, int parallel, int maxAttempts) {
    return new Study(ID, TestSpecs.random(trials, parallel, 5, maxAttempts), Long.MAX_VALUE, clock);
  }

  private static TrialAssignment create(Study s) {
    int n = s.nextTrialNumber();
    return s.createTrial(n, Map.of("lr", 0.01 * (n + 1)), Map.of("epochs", 5));
  }

  private static TrialSnapshot trial(Study s, int n) {
    return s.trial(n).orElseThrow();
  }

  private static List<Integer> epochs(TrialSnapshot t) {
    return t.epochs().stream().map(EpochRecord::epoch).toList();
  }

  private TrialFailed lost(int trial, int attempt) {
    return new TrialFailed(
        WireMessage.SCHEMA_VERSION,
        ID,
        trial,
        attempt,
        clock.millis(),
        Study.ORCHESTRATOR,
        AttemptRecord.WORKER_LOST,
        "no sign of life from worker w3 for 30 s",
        true);
  }

  @Test
  void aLostAttemptIsIssuedAgainFromItsLatestCheckpointKeepingTheEpochsUpToIt() {
    Study s = study(1, 1, 3);
    assertThat(create(s).resumeFrom()).isNull();
    s.apply(started(ID, 0, 1, "w3"));
    s.apply(epochWithCheckpoint(ID, 0, 1, 1, 0.40));
    s.apply(epochWithCheckpoint(ID, 0, 1, 2, 0.50));
    s.apply(epoch(ID, 0, 1, 3, 0.55)); // its checkpoint never got recorded
    assertThat(trial(s, 0).checkpoints().latest())
        .isEqualTo(ResumePoint.of(checkpoint(ID, 0, 1, 2), 2, 1));
    assertThat(trial(s, 0).checkpoints().stale())
        .as("the superseded one is due for deletion")
        .containsExactly(ArtifactRef.keyOf(ID, 0, 1, "checkpoint-1.safetensors"));

    Outcome retry = s.applyOwn(lost(0, 1));
    assertThat(retry.kind()).isEqualTo(Outcome.Kind.RETRY);
    TrialAssignment next = retry.republish();
    assertThat(next.attempt()).isEqualTo(2);
    assertThat(next.resumeFrom()).isEqualTo(ResumePoint.of(checkpoint(ID, 0, 1, 2), 2, 1));
    assertThat(next.firstEpoch()).isEqualTo(3);
    assertThat(epochs(trial(s, 0)))
        .as("epochs 1..2 stay, the lost attempt's epoch 3 goes")
        .containsExactly(1, 2);

    s.apply(startedResuming(ID, 0, 2, "w4", 2, null));
    assertThat(s.apply(epoch(ID, 0, 2, 2, 0.9)).kind())
        .as("an epoch the checkpoint holds is not recorded again")
        .isEqualTo(Outcome.Kind.IGNORED);
    for (int e = 3; e <= 5; e++) {
      s.apply(epoch(ID, 0, 2, e, 0.5 + e / 100.0));
    }
    s.apply(finished(ID, 0, 2, 0.55, 5));
    TrialSnapshot done = trial(s, 0);
    assertThat(done.state()).isEqualTo(TrialState.COMPLETE);
    assertThat(epochs(done)).containsExactly(1, 2, 3, 4, 5);
    assertThat(done.attempts())
        .extracting(AttemptRecord::outcome)
        .containsExactly("LEASE_EXPIRED", "COMPLETE");
    assertThat(done.attempts().get(1).resumedFrom()).isEqualTo(new AttemptRecord.ResumedFrom(1, 2));
    assertThat(ResumeNote.of(done.attempts()))
        .isEqualTo("resumed at epoch 3 (checkpoint of attempt 1) after worker w3 was lost");
    assertThat(done.checkpoints().latest()).isNull();
    assertThat(done.checkpoints().stale())
        .as("an ended trial keeps no checkpoint")
        .containsExactly(
            ArtifactRef.keyOf(ID, 0, 1, "checkpoint-1.safetensors"),
            ArtifactRef.keyOf(ID, 0, 1, "checkpoint-2.safetensors"));
    assertThat(done.checkpoints().sweepDue()).isTrue();
  }

  @Test
  void aRefusedCheckpointDropsItsEpochsAndTheAttemptRestartsAtEpochOne() {
    Study s = study(1, 1, 3);
    create(s);
    s.apply(started(ID, 0, 1, "w3"));
    s.apply(epochWithCheckpoint(ID, 0, 1, 1, 0.40));
    TrialAssignment next = s.apply(failed(ID, 0, 1, true)).republish();
    assertThat(next.resumeFrom().epoch()).isEqualTo(1);

    s.apply(startedResuming(ID, 0, 2, "w4", 0, "sha256 mismatch"));
    assertThat(epochs(trial(s, 0))).isEmpty();
    assertThat(s.apply(epoch(ID, 0, 2, 1, 0.45)).kind())
        .as("epoch 1 again, from scratch")
        .isEqualTo(Outcome.Kind.CHANGED);
    assertThat(trial(s, 0).intermediateValues()).containsExactly(Map.entry(1, 0.45));
    assertThat(trial(s, 0).attempts().get(1).resumeRefused()).isEqualTo("sha256 mismatch");
    assertThat(ResumeNote.of(trial(s, 0).attempts()))
        .isEqualTo(
            "checkpoint of epoch 1 refused (sha256 mismatch): trained again from epoch 1 after"
                + " worker w3 was lost");
    assertThat(trial(s, 0).checkpoints().latest())
        .as("no attempt resumes from a refused checkpoint")
        .isNull();
    assertThat(s.apply(failed(ID, 0, 2, true)).republish().resumeFrom()).isNull();
  }

  @Test
  void checkpointsUnderAnotherKeyAndFalseResumeClaimsAreRejected() {
    Study s = study(1, 1, 3);
    create(s);
    s.apply(started(ID, 0, 1, "w1"));
    EpochMetrics foreign =
        new EpochMetrics(
            1,
            ID,
            0,
            1,
            2L,
            "w1",
            1,
            1,
            0.5,
            0.4,
            0.1,
            0.1,
            0.4,
            1e-3,
            2.5,
            150.0,
            null,
            new ArtifactRef(
                "checkpoint-1.safetensors",
                "other-study/0/1/checkpoint-1.safetensors",
                10,
                "%064x".formatted(1)));
    Outcome o = s.apply(foreign);
    assertThat(o.kind()).isEqualTo(Outcome.Kind.REJECTED);
    assertThat(o.rejectedAs()).isEqualTo(DeadLetterKind.INVALID);
    assertThat(o.reason()).contains("must be " + ID + "/0/1/checkpoint-1.safetensors");

    Outcome early = s.apply(suspended(ID, 0, 1, 2, TrialSuspended.ON_REQUEST));
    assertThat(early.kind()).isEqualTo(Outcome.Kind.REJECTED);
    assertThat(early.reason()).contains("latest epoch is 0");

    s.apply(failed(ID, 0, 1, true));
    Outcome claim = s.apply(startedResuming(ID, 0, 2, "w2", 3, null));
    assertThat(claim.kind()).isEqualTo(Outcome.Kind.REJECTED);
    assertThat(claim.reason())
        .contains("resumed_from_epoch 3, but the assignment's checkpoint is none");
  }

  @Test
  void aRunningTrialIsSuspendedWhenItsWorkerHandsItBackAndResumesFromThatCheckpoint() {
    Study s = study(2, 1, 1);
    create(s);
    s.apply(started(ID, 0, 1, "w1"));
    s.apply(epochWithCheckpoint(ID, 0, 1, 1, 0.4));
    ControlResult asked = s.control(Steering.SUSPEND_TRIAL, SUSPEND_CALL, Map.of("trial", 0));
    assertThat(asked.toWorkers())
        .singleElement()
        .isInstanceOfSatisfying(
            TrialControl.class, c -> assertThat(c.action()).isEqualTo(TrialControl.SUSPEND));
    assertThat(trial(s, 0).state()).isEqualTo(TrialState.RUNNING);
    assertThat(trial(s, 0).suspendRequested()).isTrue();
    assertThat(s.control(Steering.SUSPEND_TRIAL, SUSPEND_CALL, Map.of("trial", 0)).changed())
        .as("a repeat")
        .isFalse();
    assertThat(s.trialsToCreate()).isZero();

    s.apply(epochWithCheckpoint(ID, 0, 1, 2, 0.5));
    assertThat(s.apply(suspended(ID, 0, 1, 2, TrialSuspended.ON_REQUEST)).kind())
        .isEqualTo(Outcome.Kind.CHANGED);
    TrialSnapshot t = trial(s, 0);
    assertThat(t.state()).isEqualTo(TrialState.SUSPENDED);
    assertThat(t.checkpoints().stale())
        .as("the hand-back names epoch 2's checkpoint again: it stays, epoch 1's goes")
        .containsExactly(checkpoint(ID, 0, 1, 1).key());
    assertThat(t.suspendReason()).isEqualTo(TrialSuspended.ON_REQUEST);
    assertThat(t.attempts())
        .extracting(AttemptRecord::outcome)
        .containsExactly(AttemptRecord.SUSPENDED);
    assertThat(s.trialsToCreate()).as("a suspended trial holds no parallel slot").isEqualTo(1);
    assertThat(s.isComplete()).isFalse();
    assertThat(s.apply(epoch(ID, 0, 1, 3, 0.6)).kind())
        .as("the handed-back attempt is over")
        .isEqualTo(Outcome.Kind.IGNORED);

    ControlResult resumed = s.control(Steering.RESUME_TRIAL, "POST .../resume", Map.of("trial", 0));
    TrialAssignment next = (TrialAssignment) resumed.toWorkers().get(0);
    assertThat(next.attempt()).isEqualTo(2);
    assertThat(next.resumeFrom()).isEqualTo(ResumePoint.of(checkpoint(ID, 0, 1, 2), 2, 1));
    assertThat(trial(s, 0).state()).isEqualTo(TrialState.WAITING);
    assertThat(s.control(Steering.RESUME_TRIAL, "POST .../resume", Map.of("trial", 0)).changed())
        .isFalse();

    s.apply(startedResuming(ID, 0, 2, "w2", 2, null));
    s.apply(epoch(ID, 0, 2, 3, 0.6));
    s.apply(epoch(ID, 0, 2, 4, 0.6));
    s.apply(epoch(ID, 0, 2, 5, 0.7));
    assertThat(s.apply(finished(ID, 0, 2, 0.7, 5)).kind())
        .as("a suspend uses up no attempt of max_attempts 1")
        .isEqualTo(Outcome.Kind.FINISHED);
    assertThat(epochs(trial(s, 0))).containsExactly(1, 2, 3, 4, 5);
    assertThat(ResumeNote.of(trial(s, 0).attempts()))
        .isEqualTo("resumed at epoch 3 (checkpoint of attempt 1) after it was suspended");
    assertThatThrownBy(
            () -> s.control(Steering.RESUME_TRIAL, "POST .../resume", Map.of("trial", 0)))
        .isInstanceOf(ControlConflict.class)
        .hasMessage("trial 0 is COMPLETE; only a SUSPENDED trial can be resumed");
    assertThatThrownBy(() -> s.control(Steering.SUSPEND_TRIAL, SUSPEND_CALL, Map.of("trial", 7)))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("study " + ID + " has no trial 7");
  }

  @Test
  void aWaitingTrialIsSuspendedAtOnceAndItsIssuedAttemptIsCancelled() {
    Study s = study(1, 1, 3);
    create(s);
    ControlResult r = s.control(Steering.SUSPEND_TRIAL, SUSPEND_CALL, Map.of("trial", 0));
    assertThat(r.toWorkers())
        .singleElement()
        .isInstanceOfSatisfying(
            TrialControl.class,
            c -> {
              assertThat(c.action()).isEqualTo(TrialControl.CANCEL);
              assertThat(c.attempt()).isEqualTo(1);
            });
    assertThat(trial(s, 0).state()).isEqualTo(TrialState.SUSPENDED);
    assertThat(s.apply(started(ID, 0, 1, "w1")).kind())
        .as("a worker that took it anyway is stale")
        .isEqualTo(Outcome.Kind.IGNORED);
    assertThat(s.apply(started(ID, 0, 2, "w1")).kind())
        .as("the next attempt is not issued yet")
        .isEqualTo(Outcome.Kind.REJECTED);
    TrialAssignment next =
        (TrialAssignment)
            s.control(Steering.RESUME_TRIAL, "POST .../resume", Map.of("trial", 0))
                .toWorkers()
                .get(0);
    assertThat(next.attempt()).isEqualTo(2);
    assertThat(next.resumeFrom()).isNull();
  }

  @Test
  void aWorkerLostWhileASuspendIsPendingLeavesTheTrialSuspendedAtItsCheckpoint() {
    Study s = study(1, 1, 3);
    create(s);
    s.apply(started(ID, 0, 1, "w1"));
    s.apply(epochWithCheckpoint(ID, 0, 1, 1, 0.4));
    s.control(Steering.SUSPEND_TRIAL, SUSPEND_CALL, Map.of("trial", 0));
    Outcome o = s.applyOwn(lost(0, 1));
    assertThat(o.kind()).isEqualTo(Outcome.Kind.CHANGED);
    assertThat(trial(s, 0).state()).isEqualTo(TrialState.SUSPENDED);
    assertThat(trial(s, 0).checkpoints().latest().epoch()).isEqualTo(1);
  }

  @Test
  void aHandBackNobodyAskedForIsIssuedAgainAtOnce() {
    Study s = study(1, 1, 1);
    create(s);
    s.apply(started(ID, 0, 1, "w1"));
    s.apply(epochWithCheckpoint(ID, 0, 1, 1, 0.4));
    Outcome o = s.apply(suspended(ID, 0, 1, 1, TrialSuspended.ON_REQUEST));
    assertThat(o.kind()).isEqualTo(Outcome.Kind.RETRY);
    assertThat(o.republish().resumeFrom().epoch()).isEqualTo(1);
    assertThat(trial(s, 0).state()).isEqualTo(TrialState.WAITING);
  }

  @Test
  void stoppingOrCancellingAStudyCancelsItsSuspendedTrials() {
    Study s = study(2, 2, 3);
    create(s);
    create(s);
    s.control(Steering.SUSPEND_TRIAL, SUSPEND_CALL, Map.of("trial", 0));
    s.apply(started(ID, 1, 1, "w1"));
    ControlResult stop = s.control(Steering.STOP, "POST .../stop", Map.of());
    assertThat(trial(s, 0).state()).isEqualTo(TrialState.CANCELLED);
    assertThat(stop.toWorkers()).as("a suspended trial has no worker to tell").isEmpty();
    assertThat(trial(s, 1).state()).isEqualTo(TrialState.RUNNING);
    assertThatThrownBy(
            () -> s.control(Steering.RESUME_TRIAL, "POST .../resume", Map.of("trial", 0)))
        .isInstanceOf(ControlConflict.class);
    s.apply(finished(ID, 1, 1, 0.5, 5));
    assertThat(s.state()).isEqualTo(StudySnapshot.STOPPED);
  }

  @Test
  void deletedCheckpointsAreRecordedWithoutTouchingTheWeights() {
    Study s = study(1, 1, 3);
    create(s);
    s.apply(started(ID, 0, 1, "w1"));
    s.apply(epochWithCheckpoint(ID, 0, 1, 1, 0.4));
    s.apply(epochWithCheckpoint(ID, 0, 1, 2, 0.5));
    String first = ArtifactRef.keyOf(ID, 0, 1, "checkpoint-1.safetensors");
    s.artifactsDeleted(0, List.of(first), CheckpointPlan.SUPERSEDED);
    assertThat(trial(s, 0).checkpoints().due()).isFalse();
    assertThat(trial(s, 0).weightsDeleted()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    s.apply(finished(ID, 0, 1, 0.5, 5));
    CheckpointPlan.Deletion d = CheckpointPlan.due(s.snapshot()).get(0);
    assertThat(d.keys()).containsExactly(ArtifactRef.keyOf(ID, 0, 1, "checkpoint-2.safetensors"));
    assertThat(d.sweep()).isTrue();
    s.artifactsDeleted(0, d.keys(), d.reason());
    assertThat(CheckpointPlan.due(s.snapshot())).isEmpty();
    assertThat(trial(s, 0).weightsDeleted()).isFalse();
  }
}
