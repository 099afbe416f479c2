package org.gistsweep.cli.loadharness;

import java.util.concurrent.atomic.AtomicLongArray;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.Heartbeat;
import org.gistsweep.common.wire.TrialFailed;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.WireMessage;

/** Thread-safe counts of worker events by type; {@link #snapshot()} gives an {@link EventTally}. */
final class EventCounts {
  private final AtomicLongArray counts = new AtomicLongArray(5);

  /** Counts one event. */
  void add(WireMessage m) {
    counts.incrementAndGet(index(m));
  }

  /** The counts now. */
  EventTally snapshot() {
    return new EventTally(
        counts.get(0), counts.get(1), counts.get(2), counts.get(3), counts.get(4));
  }

  private static int index(WireMessage m) {
    if (m instanceof TrialStarted) {
      return 0;
    } else if (m instanceof EpochMetrics) {
      return 1;
    } else if (m instanceof Heartbeat) {
      return 2;
    } else if (m instanceof TrialFinished) {
      return 3;
    } else if (m instanceof TrialFailed) {
      return 4;
    }
    throw new IllegalArgumentException("not a worker event: " + m.getClass().getSimpleName());
  }
}
