package org.gistsweep.worker.runtime;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A request to stop the running attempt at its next epoch boundary: set by the control listener
 * (prune, cancel) or by shutdown, read by the training thread.
 */
final class StopRequest {
  enum Kind {
    PRUNE,
    CANCEL,
    SHUTDOWN
  }

  private final AtomicReference<Kind> kind = new AtomicReference<>();

  /** Records the first request; later ones do not override it. */
  void request(Kind k) {
    kind.compareAndSet(null, k);
  }

  /** The request, or {@code null} when training should go on. */
  Kind get() {
    return kind.get();
  }
}
