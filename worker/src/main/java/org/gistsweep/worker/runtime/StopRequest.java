package org.gistsweep.worker.runtime;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The orchestrator's decisions about the running attempt, and requests to stop it at its next epoch
 * boundary: set by the control listener (prune, cancel, continue) or by shutdown, read by the
 * training thread.
 */
final class StopRequest {
  enum Kind {
    PRUNE,
    CANCEL,
    SHUTDOWN
  }

  private final AtomicReference<Kind> kind = new AtomicReference<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private int decidedThrough;

  /** Records the first request; later ones do not override it. */
  void request(Kind k) {
    kind.compareAndSet(null, k);
    signal();
  }

  /** Records that the orchestrator let the attempt go on after epoch {@code step}. */
  void decided(int step) {
    lock.lock();
    try {
      decidedThrough = Math.max(decidedThrough, step);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the epoch {@code step} has a decision or a stop is requested, at most {@code max}.
   * A missing decision (orchestrator slow or gone) lets training go on: the lease, not this wait,
   * guards against a lost orchestrator.
   */
  void awaitDecision(int step, Duration max) throws InterruptedException {
    long left = max.toNanos();
    lock.lock();
    try {
      while (decidedThrough < step && kind.get() == null && left > 0) {
        left = changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The request, or {@code null} when training should go on. */
  Kind get() {
    return kind.get();
  }

  private void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
