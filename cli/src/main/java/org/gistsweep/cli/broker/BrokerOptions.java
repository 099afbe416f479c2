package org.gistsweep.cli.broker;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to start an {@link EmbeddedKafkaBroker}.
 *
 * @param port the PLAINTEXT port on 127.0.0.1 that clients connect to; 0 picks a free one
 * @param dataDir where the broker keeps its metadata and records; {@code null} uses a temporary
 *     directory that is deleted on close. An existing, formatted directory is reused, so topics and
 *     records survive a restart.
 * @param overrides broker configuration applied last, over the defaults (for example {@code
 *     group.share.record.lock.duration.ms}); never {@code null}
 */
public record BrokerOptions(int port, Path dataDir, Map<String, String> overrides) {

  /** Validates the port and copies the overrides. */
  public BrokerOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "port must be 0 (pick a free one) or 1-65535, got " + port);
    }
    overrides = Map.copyOf(overrides == null ? Map.of() : overrides);
  }

  /** A broker on a free port with its data in a temporary directory, deleted on close. */
  public static BrokerOptions ephemeral() {
    return new BrokerOptions(0, null, Map.of());
  }

  /** These options with another port. */
  public BrokerOptions withPort(int newPort) {
    return new BrokerOptions(newPort, dataDir, overrides);
  }

  /** These options with another data directory. */
  public BrokerOptions withDataDir(Path newDataDir) {
    return new BrokerOptions(port, newDataDir, overrides);
  }
}
