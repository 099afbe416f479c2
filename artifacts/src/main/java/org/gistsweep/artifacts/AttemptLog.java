package org.gistsweep.artifacts;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * An attempt's log as read from the store.
 *
 * @param content the bytes of the kept chunks, in order
 * @param truncated whether older chunks were deleted to keep the log within its limit
 */
public record AttemptLog(byte[] content, boolean truncated) {
  public AttemptLog {
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  /** The content as UTF-8 text. */
  public String text() {
    return new String(content, UTF_8);
  }
}
