package org.gistsweep.cli.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The child processes of one test, with their logs in one folder. {@link #close()} kills every
 * child still running (use try-with-resources so this happens when the test fails too); a JVM
 * shutdown hook does the same if the test JVM itself is stopped.
 */
public final class ProcessGroup implements AutoCloseable {
  private final Path logDir;
  private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
  private final Thread reaper = new Thread(this::killAll, "process-group-reaper");

  /** A group whose children log to files in {@code logDir} (created if needed). */
  public ProcessGroup(Path logDir) {
    this.logDir = logDir;
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + logDir, e);
    }
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * A child that is not started yet: {@code command} runs with {@code environment} added to this
   * JVM's, its output goes to {@code <logDir>/<name>.log}, and a start waits for {@code readiness}
   * up to {@code startTimeout}.
   */
  public ChildProcess child(
      String name,
      List<String> command,
      Map<String, String> environment,
      Readiness readiness,
      Duration startTimeout) {
    ChildProcess child =
        new ChildProcess(
            name, command, environment, logDir.resolve(name + ".log"), readiness, startTimeout);
    children.add(child);
    return child;
  }

  /** The folder holding the children's logs. */
  public Path logDir() {
    return logDir;
  }

  /** Kills (SIGKILL) every child still running. */
  @Override
  public void close() {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and runs the reaper itself
    }
  }

  private void killAll() {
    children.forEach(ChildProcess::kill);
  }
}
