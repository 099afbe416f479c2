package org.gistsweep.orchestrator.service;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The study owner's clock: the injected clock, except while a mutation is being applied, when it is
 * pinned to one instant. Every timestamp a mutation writes is then the instant its journal entry
 * records, and replaying the entry at that instant writes the same ones. Used on the owner context
 * only.
 */
final class JournalClock extends Clock {
  private final Clock base;
  private volatile Instant pinned;
  private int depth;

  JournalClock(Clock base) {
    this.base = base;
  }

  /**
   * Pins the clock to now, to the millisecond the journal records (or keeps the outer pin when
   * nested); returns the pinned instant.
   */
  Instant enter() {
    if (depth++ == 0) {
      pinned = base.instant().truncatedTo(ChronoUnit.MILLIS);
    }
    return pinned;
  }

  /** Pins the clock to {@code at} for a replayed entry. */
  void enterAt(Instant at) {
    if (depth++ == 0) {
      pinned = at;
    }
  }

  /** Ends one {@link #enter}; returns whether it was the outermost. */
  boolean exit() {
    if (--depth == 0) {
      pinned = null;
      return true;
    }
    return false;
  }

  /** The injected clock, unpinned. */
  Clock base() {
    return base;
  }

  @Override
  public Instant instant() {
    Instant p = pinned;
    return p != null ? p : base.instant();
  }

  @Override
  public ZoneId getZone() {
    return base.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the journal clock has one zone");
  }
}
