package org.gistsweep.cli.process;

import java.util.concurrent.CountDownLatch;

/**
 * A child for {@link ChildProcessTest}: says it is ready, says goodbye on SIGTERM, exits with its
 * argument if given.
 */
public final class Sleeper {
  private Sleeper() {}

  /**
   * Prints {@code sleeper ready}, then exits with {@code args[0]} if given, else waits for a
   * signal.
   */
  public static void main(String[] args) throws InterruptedException {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> System.out.println("sleeper terminated")));
    System.out.println("sleeper ready");
    if (args.length > 0) {
      System.exit(Integer.parseInt(args[0]));
    }
    new CountDownLatch(1).await();
  }
}
