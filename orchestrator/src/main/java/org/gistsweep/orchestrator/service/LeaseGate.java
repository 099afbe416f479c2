package org.gistsweep.orchestrator.service;

import java.time.Duration;
import java.time.Instant;

/**
 * When worker leases may expire. A worker's silence is evidence that it is lost only while the
 * orchestrator itself hears the broker: while it does not (a broker restart, a network split), no
 * lease expires, and once it does again every running trial gets one full lease from that moment,
 * time for the workers' buffered events to arrive. The same holds from the orchestrator's start.
 * Pure: the caller supplies the time and the broker's reachability.
 */
final class LeaseGate {
  private final Duration lease;
  private Instant reachableSince;

  LeaseGate(Duration lease) {
    this.lease = lease;
  }

  /** Whether leases may be checked at {@code now}; call at every check. */
  boolean open(Instant now, boolean brokerReachable) {
    if (!brokerReachable) {
      reachableSince = null;
      return false;
    }
    if (reachableSince == null) {
      reachableSince = now;
    }
    return !now.isBefore(reachableSince.plus(lease));
  }
}
