package org.gistsweep.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bytes of one put: their size, their sha256 when known beforehand, and a way to open them
 * (again, for a retry or a second pass). {@link ArtifactStore#put} makes one from a file; tests
 * make one that fails or stalls half way.
 */
record Upload(String source, long size, Optional<String> sha256, Opener bytes) {
  /** Opens a fresh stream of the bytes from the start. */
  @FunctionalInterface
  interface Opener {
    InputStream open() throws IOException;
  }

  static Upload ofFile(Path file) throws IOException {
    long size = Files.size(file);
    return new Upload(file.toString(), size, Optional.empty(), () -> Files.newInputStream(file));
  }

  /** This upload with its sha256 computed by reading the bytes once. */
  Upload withSha256() throws IOException {
    if (sha256.isPresent()) {
      return this;
    }
    var digest = Sha256.digest();
    long read = 0;
    try (InputStream in = bytes.open()) {
      byte[] buffer = new byte[1 << 20];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
        read += n;
      }
    }
    if (read != size) {
      throw new IOException(
          source + " changed while being read: " + read + " bytes, expected " + size);
    }
    return new Upload(source, size, Optional.of(Sha256.hex(digest)), bytes);
  }
}
