package org.gistsweep.artifacts;

import java.io.ByteArrayOutputStream;
import java.util.List;

/** Reads an attempt's log written by {@link AttemptLogWriter}: its chunks concatenated in order. */
public final class AttemptLogReader {
  private AttemptLogReader() {}

  /**
   * The chunks of the log below {@code log} as they are now, oldest first: their sizes add up to
   * the log's, without reading it.
   */
  public static List<ArtifactInfo> chunks(ArtifactStore store, String log) {
    return LogChunks.list(store, ArtifactKeys.check(log));
  }

  /**
   * The log below {@code log} as it is now (a chunk the writer deletes while this reads is
   * skipped). An attempt that never logged gives an empty log.
   */
  public static AttemptLog read(ArtifactStore store, String log) {
    String checked = ArtifactKeys.check(log);
    List<ArtifactInfo> chunks = LogChunks.list(store, checked);
    var bytes = new ByteArrayOutputStream();
    boolean first = true;
    boolean truncated = false;
    for (ArtifactInfo chunk : chunks) {
      try (ArtifactContent content = store.open(chunk.key(), ByteRange.all())) {
        bytes.writeBytes(content.readAllBytes());
        if (first) {
          truncated = LogChunks.number(checked, chunk.key()).getAsLong() > 1;
          first = false;
        }
      } catch (ArtifactStoreException e) {
        if (e.reason() != ArtifactStoreException.Reason.NOT_FOUND) {
          throw e;
        }
        truncated = true; // trimmed between the listing and the read
      }
    }
    return new AttemptLog(bytes.toByteArray(), truncated);
  }
}
