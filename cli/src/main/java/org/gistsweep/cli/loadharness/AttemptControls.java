package org.gistsweep.cli.loadharness;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.gistsweep.common.wire.TrialControl;

/**
 * The orchestrator's decisions about one held attempt, as the worker's {@code StopRequest} keeps
 * them: the highest epoch let through ({@code continue}) and the first stop request ({@code prune}
 * or {@code cancel}). Written by the control reader, read by the worker's thread.
 */
final class AttemptControls {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private int decidedThrough;
  private String stop;

  /** Applies a decision addressed to this attempt. */
  void accept(TrialControl c) {
    lock.lock();
    try {
      if (TrialControl.CONTINUE.equals(c.action())) {
        decidedThrough = Math.max(decidedThrough, c.step());
      } else if (stop == null) {
        stop = c.action();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until epoch {@code step} has a decision or a stop was requested, at most {@code max};
   * returns false when the wait ran out (the worker then trains on, as the real one does).
   */
  boolean awaitDecision(int step, Duration max) throws InterruptedException {
    long left = max.toNanos();
    lock.lock();
    try {
      while (decidedThrough < step && stop == null) {
        if (left <= 0) {
          return false;
        }
        left = changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** {@code prune}, {@code cancel}, or {@code null} while the attempt may go on. */
  String stop() {
    lock.lock();
    try {
      return stop;
    } finally {
      lock.unlock();
    }
  }
}
