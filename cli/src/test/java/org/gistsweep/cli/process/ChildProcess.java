package org.gistsweep.cli.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gistsweep.testsupport.Waits;

/**
 * One child process of a test, started and restarted with the same command line, with its output
 * appended to one log file (each run headed by a marker line). Created by {@link
 * ProcessGroup#child}, which kills it when the test ends whatever happened.
 *
 * <p>{@link #kill()} sends SIGKILL ({@link Process#destroyForcibly()}), {@link #terminate} SIGTERM
 * ({@link Process#destroy()}); both wait until the process is gone.
 */
public final class ChildProcess {
  private static final int TAIL_CHARS = 4_000;

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path log;
  private final Readiness readiness;
  private final Duration startTimeout;
  private Process process;
  private long runStart;
  private int runs;

  ChildProcess(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path log,
      Readiness readiness,
      Duration startTimeout) {
    this.name = name;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.log = log;
    this.readiness = readiness;
    this.startTimeout = startTimeout;
  }

  /**
   * Starts the process (again, after {@link #kill} or {@link #terminate}) and returns once it is
   * ready.
   *
   * @throws AssertionError with the tail of its log when it exits or is not ready in time (then it
   *     is killed)
   * @throws IllegalStateException when it is still running
   */
  public ChildProcess start() {
    launch();
    awaitReady();
    return this;
  }

  /**
   * Starts the process without waiting; follow with {@link #awaitReady()} (lets several children
   * boot in parallel).
   *
   * @throws IllegalStateException when it is still running
   */
  public synchronized ChildProcess launch() {
    if (isAlive()) {
      throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
    }
    runs++;
    try {
      Files.writeString(
          log,
          "=== "
              + LocalTime.now()
              + " run "
              + runs
              + " of "
              + name
              + ": "
              + String.join(" ", command.subList(command.size() - argsCount(), command.size()))
              + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      runStart = Files.size(log);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(environment);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
    }
    return this;
  }

  /**
   * Waits until the current run is ready.
   *
   * @throws AssertionError with the tail of its log when it exits or is not ready in time (then it
   *     is killed)
   */
  public void awaitReady() {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (!readiness.isReady(this)) {
      Process current;
      synchronized (this) {
        current = process;
      }
      if (!current.isAlive()) {
        throw new AssertionError(
            name
                + " exited with status "
                + current.exitValue()
                + " before it was ready; its log ends:\n"
                + tail());
      }
      if (System.nanoTime() > deadline) {
        kill();
        throw new AssertionError(
            name
                + " was not ready within "
                + startTimeout.toSeconds()
                + " s; its log ends:\n"
                + tail());
      }
      Waits.pause(Waits.POLL);
    }
  }

  /**
   * Starts the process and waits until it exits (a one-shot command such as {@code submit}).
   *
   * @return the current run's output
   * @throws AssertionError with its output when it exits with a non-zero status or runs too long
   */
  public String runToCompletion(Duration timeout) {
    launch();
    Process current;
    synchronized (this) {
      current = process;
    }
    if (!waitForExit(timeout)) {
      kill();
      throw new AssertionError(
          name
              + " did not finish within "
              + timeout.toSeconds()
              + " s; its output ends:\n"
              + tail());
    }
    if (current.exitValue() != 0) {
      throw new AssertionError(
          name + " exited with status " + current.exitValue() + "; its output:\n" + tail());
    }
    return currentRunLog();
  }

  /** SIGKILL: the process ends at once, without running shutdown hooks; waits until it is gone. */
  public synchronized void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      waitForExit(Duration.ofSeconds(30));
    }
  }

  /**
   * SIGTERM: the process runs its shutdown hooks (a worker hands its trial back, a broker shuts
   * down cleanly); SIGKILL if it is still alive after {@code grace}.
   *
   * @return whether it ended within {@code grace} on its own
   */
  public synchronized boolean terminate(Duration grace) {
    if (process == null || !process.isAlive()) {
      return true;
    }
    process.destroy();
    if (waitForExit(grace)) {
      return true;
    }
    kill();
    return false;
  }

  private boolean waitForExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether the current run is alive. */
  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The process id of the current run. */
  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException(name + " was never started");
    }
    return process.pid();
  }

  /** The name given at creation, e.g. {@code worker-2}. */
  public String name() {
    return name;
  }

  /** The log file, holding every run's output. */
  public Path log() {
    return log;
  }

  /** How many times it was started. */
  public synchronized int runs() {
    return runs;
  }

  /** The output of the current run so far. */
  public String currentRunLog() {
    long from;
    synchronized (this) {
      from = runStart;
    }
    try {
      byte[] all = Files.readAllBytes(log);
      int start = (int) Math.min(from, all.length);
      return new String(all, start, all.length - start, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log, e);
    }
  }

  /** Waits until the current run logs a line containing {@code text}. */
  public void awaitLog(String text, Duration timeout) {
    Waits.until(
        name + " to log '" + text + "' (log " + log + ")",
        timeout,
        () -> currentRunLog().contains(text));
  }

  /** The last few thousand characters of the current run's output, for failure messages. */
  public String tail() {
    String all = currentRunLog();
    return all.length() <= TAIL_CHARS ? all : all.substring(all.length() - TAIL_CHARS);
  }

  /** The arguments after the class path and main class, for the run marker. */
  private int argsCount() {
    int cp = command.indexOf("-cp");
    return cp < 0 ? command.size() : Math.max(0, command.size() - cp - 3);
  }

  @Override
  public String toString() {
    return name + (isAlive() ? " (pid " + pid() + ")" : " (stopped)");
  }
}
