package org.gistsweep.artifacts;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link AttemptLogWriter} cuts and keeps a log.
 *
 * @param chunkBytes a chunk is sealed when it holds this many bytes (cut after its last line end in
 *     its second half, else at exactly this size)
 * @param keepBytes the oldest sealed chunks are deleted while the kept chunks hold more than this
 * @param flushInterval new bytes reach the store at least this often
 */
public record AttemptLogPolicy(int chunkBytes, long keepBytes, Duration flushInterval) {
  /** 64 KiB chunks, the last 1 MiB kept, flushed every second. */
  public static final AttemptLogPolicy DEFAULT =
      new AttemptLogPolicy(64 * 1024, 1024 * 1024, Duration.ofSeconds(1));

  public AttemptLogPolicy {
    Objects.requireNonNull(flushInterval, "flushInterval");
    if (chunkBytes < 2
        || keepBytes < chunkBytes
        || flushInterval.isNegative()
        || flushInterval.isZero()) {
      throw new IllegalArgumentException(
          "attempt log policy needs chunkBytes >= 2, keepBytes >= chunkBytes and a"
              + " positive flush interval, got "
              + chunkBytes
              + ", "
              + keepBytes
              + ", "
              + flushInterval);
    }
  }
}
