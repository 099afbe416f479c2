package org.gistsweep.orchestrator.study;

import java.util.List;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.common.wire.AttemptTokens;
import org.gistsweep.common.wire.DeadLetterKind;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.TrialFailed;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.TrialSuspended;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.common.wire.WorkerReport;
import org.gistsweep.common.wire.WorkerReportChecks;

/**
 * Fencing, in one place: decides whether a worker message may reach a trial, and whether a refused
 * one is what honest operation produces or what no honest worker sends.
 *
 * <p>Fenced off (ignored, as redeliveries and slow workers produce them): a message for another
 * study, for a finished (frozen) trial, for a stale attempt, an epoch already recorded, a second
 * start of the same attempt.
 *
 * <p>Rejected ({@link Refusal#rejectedAs()} says why; nothing an honest worker sends): not a worker
 * report, the reserved worker id, an unknown trial or an attempt never issued, a missing or wrong
 * attempt token (for studies that have a secret), a report from a worker other than the attempt's
 * (its first accepted report's), epochs or a finish before the attempt's {@code trial_started}, a
 * finish of a trial that is not RUNNING, an epoch, epoch count or best epoch beyond the trial's
 * epochs, or an epoch count below an epoch already reported, a checkpoint stored under another key
 * than the attempt's {@code checkpoint-<epoch>.safetensors} (the orchestrator deletes checkpoints
 * by key), a start that claims to resume from another epoch than its assignment's checkpoint, a
 * suspend after another epoch than the attempt's latest, and any report on the attempt of a
 * SUSPENDED trial that is not issued yet.
 */
final class Fence {
  /**
   * Why a message must not be applied.
   *
   * @param rejectedAs {@code null} when honest operation produces such messages (fenced off,
   *     counted as ignored); otherwise what kind of message no honest worker sends
   */
  record Refusal(DeadLetterKind rejectedAs, String reason) {
    boolean rejected() {
      return rejectedAs != null;
    }
  }

  private Fence() {}

  /**
   * Why the worker message {@code m} must not be applied, or {@code null} when it may.
   *
   * @param secret the study's secret, or {@code null} for a study recovered from a journal without
   *     one (its attempts carry no token)
   */
  static Refusal refusal(String id, String secret, List<Trial> trials, WireMessage m) {
    String what = what(m);
    if (!id.equals(m.study())) {
      return ignored(what + ": belongs to study " + m.study());
    }
    if (!(m instanceof WorkerReport r)) {
      return rejected(DeadLetterKind.INVALID, what + ": not a worker event");
    }
    if (WorkerReportChecks.RESERVED_WORKER.equalsIgnoreCase(r.worker().strip())) {
      return rejected(
          DeadLetterKind.INVALID,
          what + ": worker id '" + WorkerReportChecks.RESERVED_WORKER + "' is reserved");
    }
    if (m.trial() >= trials.size()) {
      return rejected(
          DeadLetterKind.UNKNOWN_ATTEMPT,
          what + ": unknown trial (the study has " + trials.size() + ")");
    }
    Trial t = trials.get(m.trial());
    if (secret != null) {
      String expected =
          m.attempt() == t.attempt() && t.token() != null
              ? t.token()
              : AttemptTokens.of(secret, id, t.number, m.attempt());
      if (r.attemptToken() == null) {
        return rejected(DeadLetterKind.TOKEN, what + ": no attempt_token");
      }
      if (!AttemptTokens.matches(expected, r.attemptToken())) {
        return rejected(DeadLetterKind.TOKEN, what + ": attempt_token is not this attempt's");
      }
    }
    Refusal stale = staleOrFinished(what, t, m);
    return stale != null ? stale : attemptRefusal(what, t, r);
  }

  /**
   * Why a failure the orchestrator reports itself (an expired lease) must not be applied, or {@code
   * null}: only the attempt matters (it may have ended meanwhile), not tokens or workers.
   */
  static Refusal ownRefusal(String id, List<Trial> trials, TrialFailed f) {
    String what = what(f);
    if (!id.equals(f.study()) || f.trial() >= trials.size()) {
      return ignored(what + ": no such trial");
    }
    return staleOrFinished(what, trials.get(f.trial()), f);
  }

  private static Refusal staleOrFinished(String what, Trial t, WireMessage m) {
    if (t.state().isFinished()) {
      return ignored(what + ": trial is already " + t.state());
    }
    if (m.attempt() < t.attempt()) {
      return ignored(what + ": stale attempt (current attempt " + t.attempt() + ")");
    }
    if (m.attempt() > t.attempt()
        || m.attempt() == t.attempt() && t.state() == TrialState.SUSPENDED) {
      return rejected(
          DeadLetterKind.UNKNOWN_ATTEMPT,
          what + ": attempt never issued (current attempt " + t.attempt() + ")");
    }
    return null;
  }

  /** The checks of a report on the trial's current attempt. */
  private static Refusal attemptRefusal(String what, Trial t, WorkerReport r) {
    if (r instanceof EpochMetrics e && t.hasEpoch(e.epoch())) {
      return ignored(what + ": duplicate epoch " + e.epoch());
    }
    if (r instanceof TrialStarted && t.startRecorded()) {
      return ignored(what + ": duplicate start");
    }
    if (t.worker() != null && !r.worker().equals(t.worker())) {
      return rejected(
          DeadLetterKind.WRONG_WORKER,
          what
              + ": from worker "
              + r.worker()
              + ", but worker "
              + t.worker()
              + " runs this attempt");
    }
    if (r instanceof EpochMetrics e) {
      if (!t.startRecorded()) {
        return rejected(
            DeadLetterKind.OUT_OF_ORDER,
            what + ": epoch " + e.epoch() + " before the attempt's trial_started");
      }
      if (e.epoch() > t.totalEpochs()) {
        return rejected(
            DeadLetterKind.OUT_OF_RANGE,
            what + ": epoch " + e.epoch() + " of a trial of " + t.totalEpochs() + " epochs");
      }
      return checkpointRefusal(what, t, e.checkpoint(), e.epoch());
    } else if (r instanceof TrialFinished f) {
      return finishRefusal(what, t, f);
    } else if (r instanceof TrialStarted s) {
      int offered = t.resumedFrom() == null ? 0 : t.resumedFrom().epoch();
      if (s.resumedFromEpoch() != 0 && s.resumedFromEpoch() != offered) {
        return rejected(
            DeadLetterKind.INVALID,
            what
                + ": resumed_from_epoch "
                + s.resumedFromEpoch()
                + ", but the assignment's"
                + " checkpoint is "
                + (offered == 0 ? "none" : "after epoch " + offered));
      }
    } else if (r instanceof TrialSuspended s) {
      if (!t.startRecorded() || s.epoch() != t.highestEpoch()) {
        return rejected(
            DeadLetterKind.OUT_OF_ORDER,
            what
                + ": suspended after epoch "
                + s.epoch()
                + ", but the attempt's latest"
                + " epoch is "
                + t.highestEpoch()
                + (t.startRecorded() ? "" : " (no trial_started)"));
      }
      return checkpointRefusal(what, t, s.checkpoint(), s.epoch());
    }
    return null;
  }

  /**
   * A checkpoint must be this attempt's file for that epoch: the orchestrator deletes it by key
   * later.
   */
  private static Refusal checkpointRefusal(
      String what, Trial t, ArtifactRef checkpoint, int epoch) {
    if (checkpoint == null) {
      return null;
    }
    String name = ArtifactRef.checkpointName(epoch);
    String key = ArtifactRef.keyOf(t.study, t.number, t.attempt(), name);
    if (!checkpoint.name().equals(name) || !checkpoint.key().equals(key)) {
      return rejected(
          DeadLetterKind.INVALID, what + ": the checkpoint of epoch " + epoch + " must be " + key);
    }
    return null;
  }

  private static Refusal finishRefusal(String what, Trial t, TrialFinished f) {
    if (!t.startRecorded()) {
      return rejected(
          DeadLetterKind.OUT_OF_ORDER,
          what
              + ": the trial is "
              + t.state()
              + ", not RUNNING under this attempt"
              + " (no trial_started)");
    }
    if (f.epochsRun() > t.totalEpochs() || f.bestEpoch() > t.totalEpochs()) {
      return rejected(
          DeadLetterKind.OUT_OF_RANGE,
          what
              + ": epochs_run "
              + f.epochsRun()
              + " and best_epoch "
              + f.bestEpoch()
              + " must be at most the trial's "
              + t.totalEpochs()
              + " epochs");
    }
    if (f.epochsRun() < t.highestEpoch()) {
      return rejected(
          DeadLetterKind.OUT_OF_RANGE,
          what
              + ": epochs_run "
              + f.epochsRun()
              + " is below epoch "
              + t.highestEpoch()
              + " already reported");
    }
    return null;
  }

  private static String what(WireMessage m) {
    return m.getClass().getSimpleName() + " for trial " + m.trial() + " attempt " + m.attempt();
  }

  private static Refusal ignored(String reason) {
    return new Refusal(null, reason);
  }

  private static Refusal rejected(DeadLetterKind kind, String reason) {
    return new Refusal(kind, reason);
  }
}
