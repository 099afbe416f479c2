package org.gistsweep.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a long-running command (orchestrator, serve, worker) alive until SIGTERM or Ctrl-C, then
 * closes what it started before the JVM exits. {@link #stop()} ends it the same way from another
 * thread (tests).
 */
final class UntilStopped {
  private static final long CLOSE_SECONDS = 30;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  /** Blocks until stopped, then closes {@code running}. */
  void await(AutoCloseable running, String name) throws Exception {
    Thread hook =
        new Thread(
            () -> {
              stopped.countDown();
              try {
                closed.await(CLOSE_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name + "-shutdown");
    java.lang.Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } finally {
      try {
        running.close();
      } finally {
        closed.countDown();
        removeHook(hook);
      }
    }
  }

  /** Ends {@link #await}. */
  void stop() {
    stopped.countDown();
  }

  private static void removeHook(Thread hook) {
    try {
      java.lang.Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down and the hook is running: it returns once closed
    }
  }
}
