package org.gistsweep.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one probe command with a time limit; never throws for a missing or broken tool. */
final class CommandRunner {
  private CommandRunner() {}

  static CommandResult run(Duration timeout, List<String> command) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("gist-probe", ".out");
      err = Files.createTempFile("gist-probe", ".err");
      Process p;
      try {
        p =
            new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
      } catch (IOException e) {
        return new CommandResult(command, e.getMessage(), false, -1, "", "");
      }
      boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      return new CommandResult(
          command, null, !finished, finished ? p.exitValue() : -1, read(out), read(err));
    } catch (IOException e) {
      return new CommandResult(command, "probe I/O failed: " + e.getMessage(), false, -1, "", "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CommandResult(command, "interrupted", false, -1, "", "");
    } finally {
      delete(out);
      delete(err);
    }
  }

  private static String read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return new String(bytes, 0, Math.min(bytes.length, 64 * 1024), StandardCharsets.UTF_8);
  }

  private static void delete(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover temporary file in /tmp is harmless
      }
    }
  }
}
