package org.gistsweep.orchestrator.study;

import java.util.List;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.Heartbeat;
import org.gistsweep.common.wire.TrialFailed;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.WireMessage;

/**
 * Fencing, in one place: decides whether a worker message may reach a trial. Refused: messages for
 * another study, orchestrator-to-worker types, unknown trials, finished (frozen) trials, stale or
 * never-issued attempts, an epoch already recorded, a second start of the same attempt, and reports
 * from a worker other than the one running the attempt (a record handed out twice).
 */
final class Fence {
  private Fence() {}

  /** Why {@code m} must not be applied, or {@code null} when it may. */
  static String refusal(String id, List<Trial> trials, WireMessage m) {
    String what = m.getClass().getSimpleName() + " for trial " + m.trial() + " attempt " + m.attempt();
    if (!id.equals(m.study())) {
      return what + ": belongs to study " + m.study();
    }
    if (!(m instanceof TrialStarted || m instanceof EpochMetrics || m instanceof Heartbeat
        || m instanceof TrialFinished || m instanceof TrialFailed)) {
      return what + ": not a worker event";
    }
    if (m.trial() >= trials.size()) {
      return what + ": unknown trial";
    }
    Trial t = trials.get(m.trial());
    if (t.state().isFinished()) {
      return what + ": trial is already " + t.state();
    }
    if (m.attempt() != t.attempt()) {
      return what + (m.attempt() < t.attempt() ? ": stale attempt" : ": attempt never issued")
          + " (current attempt " + t.attempt() + ")";
    }
    if (m instanceof EpochMetrics e && t.hasEpoch(e.epoch())) {
      return what + ": duplicate epoch " + e.epoch();
    }
    if (m instanceof TrialStarted && t.startRecorded()) {
      return what + ": duplicate start";
    }
    String from = workerOf(m);
    if (t.worker() != null && from != null && !from.equals(t.worker()) && !Study.ORCHESTRATOR.equals(from)) {
      return what + ": from worker " + from + ", but worker " + t.worker() + " runs this attempt";
    }
    return null;
  }

  private static String workerOf(WireMessage m) {
    if (m instanceof TrialStarted s) {
      return s.worker();
    } else if (m instanceof EpochMetrics e) {
      return e.worker();
    } else if (m instanceof Heartbeat h) {
      return h.worker();
    } else if (m instanceof TrialFinished f) {
      return f.worker();
    } else if (m instanceof TrialFailed f) {
      return f.worker();
    }
    return null;
  }
}
