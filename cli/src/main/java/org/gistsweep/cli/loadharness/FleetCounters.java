package org.gistsweep.cli.loadharness;

import java.util.concurrent.atomic.AtomicLong;

/** What the simulated workers did, summed over the fleet; thread-safe. */
final class FleetCounters {
  /** Assignments of this run taken from the share group. */
  final AtomicLong held = new AtomicLong();

  /** Assignments of other studies (an external broker with old records): accepted and skipped. */
  final AtomicLong foreign = new AtomicLong();

  /** Records that were not assignments, rejected as the real worker does. */
  final AtomicLong rejected = new AtomicLong();

  /** Epochs whose pruning decision did not come within the worker's wait (5 s). */
  final AtomicLong decisionTimeouts = new AtomicLong();

  /** Attempts stopped by a {@code prune} control. */
  final AtomicLong pruned = new AtomicLong();

  /** Attempts stopped by a {@code cancel} control. */
  final AtomicLong cancelled = new AtomicLong();

  /** Attempts handed back because the fleet was closing. */
  final AtomicLong handedBack = new AtomicLong();

  /** Worker threads that died of an unexpected error. */
  final AtomicLong crashed = new AtomicLong();
}
