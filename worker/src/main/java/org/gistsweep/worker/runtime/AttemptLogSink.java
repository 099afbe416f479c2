package org.gistsweep.worker.runtime;

import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStoreException;
import org.gistsweep.artifacts.AttemptLogWriter;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.common.wire.TrialAssignment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An attempt's log while it runs: the lines {@link AttemptLogTap} routes to the attempt, streamed
 * to {@code <study>/<trial>/<attempt>/log} in the store by an {@link AttemptLogWriter} (in the
 * store within about a second; the last 1 MiB kept). A store that fails loses log lines, never the
 * trial.
 */
final class AttemptLogSink implements AutoCloseable {
  /** The name of an attempt's log under its key prefix. */
  static final String NAME = "log";

  private static final Logger LOG = LoggerFactory.getLogger(AttemptLogSink.class);
  private static final AttemptLogSink NONE = new AttemptLogSink(null, null, null);

  private final AttemptLogWriter writer;
  private final AttemptLogTap.Tap tap;
  private final String key;

  private AttemptLogSink(AttemptLogWriter writer, AttemptLogTap.Tap tap, String key) {
    this.writer = writer;
    this.tap = tap;
    this.key = key;
  }

  /**
   * Starts the log of attempt {@code a}; call before the attempt's MDC is set on this thread (the
   * writer's own thread must not inherit it). With no store, or a store that cannot start it (then
   * a warning says why), the attempt has no log.
   */
  static AttemptLogSink open(ArtifactStore store, TrialAssignment a) {
    if (store == null) {
      return NONE;
    }
    String key = ArtifactRef.keyOf(a.study(), a.trial(), a.attempt(), NAME);
    AttemptLogWriter writer;
    try {
      writer = AttemptLogWriter.open(store, key);
    } catch (ArtifactStoreException e) {
      LOG.warn(
          "trial {}/{} attempt {} has no log in the store: {}",
          a.study(),
          a.trial(),
          a.attempt(),
          e.getMessage());
      return NONE;
    }
    AttemptLogTap.Tap tap =
        AttemptLogTap.open(a.study(), a.trial(), a.attempt(), line -> writer.append(line + "\n"));
    return new AttemptLogSink(writer, tap, key);
  }

  /**
   * Stops taking lines and writes the rest to the store; a failure is logged (outside the attempt).
   */
  @Override
  public void close() {
    if (writer == null) {
      return;
    }
    tap.close();
    try {
      writer.close();
    } catch (ArtifactStoreException e) {
      LOG.warn("the end of attempt log {} could not be stored: {}", key, e.getMessage());
    }
  }
}
