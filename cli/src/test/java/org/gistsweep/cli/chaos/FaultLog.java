package org.gistsweep.cli.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * What a chaos test did and when, relative to its start; printed as it goes and kept for the
 * report.
 */
final class FaultLog {
  private final long started = System.nanoTime();
  private final List<String> lines = new ArrayList<>();

  /** Records and prints one step. */
  synchronized void note(String format, Object... args) {
    String line =
        String.format("[chaos t+%5.1fs] ", (System.nanoTime() - started) / 1e9)
            + String.format(format, args);
    lines.add(line);
    System.out.println(line);
  }

  /** Seconds since the test started. */
  double elapsedSeconds() {
    return (System.nanoTime() - started) / 1e9;
  }

  /** Every step so far, one per line. */
  synchronized String report() {
    return String.join("\n", lines);
  }
}
