package org.gistsweep.orchestrator.service;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Makes study ids {@code <name>-<yyyyMMdd-HHmmss>-<n>}: URL-safe (names are already letters,
 * digits, '.', '_' and '-'), readable, and unique within one orchestrator through the counter.
 */
final class StudyIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final Clock clock;
  private long counter;

  StudyIds(Clock clock) {
    this.clock = clock;
  }

  /** Notes an id recovered from the journal, so new ids never repeat it. */
  void reserve(String id) {
    int dash = id.lastIndexOf('-');
    try {
      counter = Math.max(counter, Long.parseLong(id.substring(dash + 1)));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      // not one of ours: cannot collide with name-stamp-counter
    }
  }

  /** The next id for a study called {@code name}; not thread-safe (used on one context). */
  String next(String name) {
    counter++;
    return name + "-" + STAMP.format(clock.instant()) + "-" + counter;
  }
}
