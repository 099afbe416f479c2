package org.gistsweep.worker.runtime;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The orchestrator's decisions about the running attempt, and requests to stop it: set by the
 * control listener (prune, cancel, continue) or by shutdown, read by the training thread, which
 * polls {@link #get()} after every training step and so stops within one step. It also counts the
 * steps trained, so the log can show where a stop was asked for and where training ended.
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
  private volatile boolean suspend;
  private volatile int steps;
  private volatile int stepsAtRequest = -1;

  /** Records the first request; later ones do not override it. */
  void request(Kind k) {
    if (kind.compareAndSet(null, k)) {
      stepsAtRequest = steps;
    }
    signal();
  }

  /**
   * Asks the attempt to hand the trial back after its current epoch, with a checkpoint (it does not
   * stop mid-epoch).
   */
  void suspend() {
    suspend = true;
  }

  /** Whether a suspend was asked for. */
  boolean suspendRequested() {
    return suspend;
  }

  /** The training thread finished one more step. */
  void stepDone() {
    steps++;
  }

  /** Steps trained so far. */
  int steps() {
    return steps;
  }

  /** Steps that had finished when the stop was requested, or -1 without a request. */
  int stepsAtRequest() {
    return stepsAtRequest;
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
