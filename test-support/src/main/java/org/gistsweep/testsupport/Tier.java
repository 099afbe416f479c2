package org.gistsweep.testsupport;

/**
 * The JUnit tags of the slow or tool-bound kinds of test, for {@code @Tag(Tier.BROKER)}. The {@code
 * fast} profile ({@code ./mvnw -B verify -Pfast}) leaves out every tagged test and the integration
 * tests; {@code -Dgroups=browser} runs one tier alone. docs/contributing.md lists each tier with
 * its time on two cores.
 */
public final class Tier {
  /** Builds DJL models and trains them or runs them over data (seconds each on CPU). */
  public static final String TRAINING = "training";

  /** Drives a headless Chromium through Selenium. */
  public static final String BROWSER = "browser";

  /** Runs Python (Optuna, NumPy, PyTorch) as the reference implementation. */
  public static final String PYTHON = "python";

  /** Runs the console's scripts under Node.js. */
  public static final String NODE = "node";

  /** Starts a real Kafka broker, in the JVM or as a process. */
  public static final String BROKER = "broker";

  /** Needs a Docker engine (Testcontainers, docker compose). */
  public static final String DOCKER = "docker";

  /** Needs a CUDA GPU. */
  public static final String GPU = "gpu";

  private Tier() {}
}
