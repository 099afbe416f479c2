package org.gistsweep.worker.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Makes the special files the path tests need: a FIFO through {@code mkfifo}. */
public final class SpecialFiles {
  private SpecialFiles() {}

  /** Creates a named pipe at {@code path}; nobody writes to it, so opening it to read blocks. */
  public static Path fifo(Path path) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0 || !Files.exists(path)) {
      throw new IOException("mkfifo " + path + " failed: " + out);
    }
    return path;
  }
}
