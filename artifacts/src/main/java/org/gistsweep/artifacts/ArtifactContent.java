package org.gistsweep.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Bytes of one object opened by {@link ArtifactStore#open}: the object's info, the resolved range
 * and a stream of exactly {@link ByteRange.Resolved#length()} bytes. Close it when done.
 */
public final class ArtifactContent implements AutoCloseable {
  private final ArtifactInfo info;
  private final ByteRange.Resolved range;
  private final InputStream stream;
  private final String where;

  ArtifactContent(ArtifactInfo info, ByteRange.Resolved range, InputStream stream, String where) {
    this.where = where;
    this.info = Objects.requireNonNull(info, "info");
    this.range = Objects.requireNonNull(range, "range");
    this.stream = Objects.requireNonNull(stream, "stream");
  }

  /** The whole object's key, size and sha256. */
  public ArtifactInfo info() {
    return info;
  }

  /** The first and last byte of the object that {@link #stream()} yields. */
  public ByteRange.Resolved range() {
    return range;
  }

  /** Whether the stream holds the whole object (so its sha256 can be checked). */
  public boolean isWhole() {
    return range.first() == 0 && range.length() == info.size();
  }

  /** The bytes; read once. */
  public InputStream stream() {
    return stream;
  }

  /**
   * Reads all the selected bytes (for small objects such as log chunks).
   *
   * @throws ArtifactStoreException when the read fails half way
   */
  public byte[] readAllBytes() {
    try {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new ArtifactStoreException(
          ArtifactStoreException.Reason.IO, where + ": reading failed: " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      stream.close();
    } catch (IOException e) {
      throw new ArtifactStoreException(
          ArtifactStoreException.Reason.IO, where + ": closing the read failed: " + e, e);
    }
  }
}
