package org.gistsweep.testsupport;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Deterministic waits: poll a condition until it holds or a deadline passes, never a blind sleep.
 */
public final class Waits {
  /**
   * The longest pause between two polls; the first polls come after 5 ms, then twice as long each
   * time.
   */
  public static final Duration POLL = Duration.ofMillis(250);

  private static final Duration FIRST_POLL = Duration.ofMillis(5);

  private Waits() {}

  /**
   * Polls {@code probe} until it yields a value; returns it.
   *
   * @throws AssertionError naming {@code what} and the timeout when the deadline passes
   */
  public static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration pause = FIRST_POLL;
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout.toMillis() / 1000.0 + " s waiting for " + what);
      }
      pause(pause);
      pause = pause.multipliedBy(2).compareTo(POLL) > 0 ? POLL : pause.multipliedBy(2);
    }
  }

  /** Polls {@code condition} until it holds; see {@link #until(String, Duration, Supplier)}. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    until(
        what,
        timeout,
        () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
  }

  /** Sleeps between two polls of a condition. */
  public static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }
}
