package org.gistsweep.orchestrator.study;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.gistsweep.common.trial.TrialState;

/**
 * The trial state machine, the one place that says which moves are legal:
 *
 * <pre>
 * WAITING -> RUNNING | COMPLETE | PRUNED | FAILED | CANCELLED | WAITING (retried before it started) | SUSPENDED
 * RUNNING -> COMPLETE | PRUNED | FAILED | CANCELLED | WAITING (retried with the next attempt) | SUSPENDED
 * SUSPENDED -> WAITING (resumed or promoted) | CANCELLED | PRUNED (stopped, or never promoted)
 * COMPLETE, PRUNED, FAILED, CANCELLED -> nothing (frozen)
 * </pre>
 *
 * A WAITING trial may finish directly because its worker's start and epoch reports can be lost, and
 * a person may stop it before any worker took it (CANCELLED, or PRUNED).
 */
final class Transitions {
  private static final Map<TrialState, Set<TrialState>> LEGAL = new EnumMap<>(TrialState.class);

  static {
    Set<TrialState> fromLive =
        EnumSet.of(
            TrialState.WAITING,
            TrialState.RUNNING,
            TrialState.COMPLETE,
            TrialState.PRUNED,
            TrialState.FAILED,
            TrialState.CANCELLED,
            TrialState.SUSPENDED);
    LEGAL.put(TrialState.WAITING, fromLive);
    LEGAL.put(TrialState.RUNNING, EnumSet.complementOf(EnumSet.of(TrialState.RUNNING)));
    LEGAL.put(
        TrialState.SUSPENDED,
        EnumSet.of(TrialState.WAITING, TrialState.CANCELLED, TrialState.PRUNED));
    for (TrialState s : TrialState.values()) {
      if (s.isFinished()) {
        LEGAL.put(s, EnumSet.noneOf(TrialState.class));
      }
    }
  }

  private Transitions() {}

  /** Whether a trial in {@code from} may move to {@code to}. */
  static boolean isLegal(TrialState from, TrialState to) {
    return LEGAL.get(from).contains(to);
  }

  /**
   * Checks a move.
   *
   * @throws IllegalStateException for an illegal move (a bug: fencing should have stopped it)
   */
  static void check(int trial, TrialState from, TrialState to) {
    if (!isLegal(from, to)) {
      throw new IllegalStateException("trial " + trial + " cannot move from " + from + " to " + to);
    }
  }
}
