package org.gistsweep.worker.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one measurement in a child process and reads its {@link RunResult} line. */
final class ChildProcess {
  private ChildProcess() {}

  /**
   * Runs {@code command} with single-threaded BLAS/OpenMP defaults and {@code env} added, and
   * returns its result.
   *
   * @throws IllegalStateException when the child fails, times out or prints no result line; the
   *     message carries the end of its output
   */
  static RunResult run(List<String> command, Map<String, String> env, BenchOptions o) {
    try {
      Path log = Files.createTempFile("gist-bench-", ".log");
      try {
        ProcessBuilder pb =
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(o.threads()));
        pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(o.threads()));
        pb.environment().put("MKL_NUM_THREADS", Integer.toString(o.threads()));
        env.forEach(
            (k, v) -> {
              if (v == null) {
                pb.environment().remove(k);
              } else {
                pb.environment().put(k, v);
              }
            });
        Process p = pb.start();
        if (!p.waitFor(o.childTimeout().toSeconds(), TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(
              "timed out after " + o.childTimeout() + ": " + command + tail(log));
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        RunResult r = RunResult.fromLines(lines);
        if (p.exitValue() != 0 || r == null) {
          throw new IllegalStateException(
              "exit " + p.exitValue() + " without a result: " + command + tail(log));
        }
        return r;
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return "\n  "
        + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }
}
