package org.gistsweep.cli.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.common.ShareVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka 4.4.0 broker running inside this JVM: KRaft in combined mode (broker and
 * controller, node 1, static quorum), PLAINTEXT on 127.0.0.1, share groups enabled ({@code
 * share.version=2}). Start it with {@link #start(BrokerOptions)}; {@link #close()} stops it and
 * deletes a temporary data directory.
 *
 * <p>A data directory that was formatted before is reused as is: topics, records and committed
 * offsets survive a restart. A fatal broker error ends the JVM (Kafka calls {@code System.exit}).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String LOG_SUBDIR = "kafka-logs";

  private final KafkaRaftServer server;
  private final int port;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private boolean closed;

  private EmbeddedKafkaBroker(KafkaRaftServer server, int port, Path dataDir, boolean ownsDataDir) {
    this.server = server;
    this.port = port;
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
  }

  /**
   * Formats the data directory when it is new, starts the broker and returns once it accepts
   * clients (typically 2-6 s).
   *
   * @throws BrokerStartException when the port is in use, the directory cannot be written, or the
   *     broker fails to start; the message names the port or directory and the fix
   */
  public static EmbeddedKafkaBroker start(BrokerOptions options) {
    long started = System.nanoTime();
    boolean owns = options.dataDir() == null;
    Path dataDir = owns ? createTempDir() : options.dataDir().toAbsolutePath();
    try {
      int port = options.port() == 0 ? Ports.free() : requireFree(options.port());
      Path logDir = prepareLogDir(dataDir);
      boolean formatted = Files.exists(logDir.resolve("meta.properties"));
      if (!formatted) {
        format(logDir);
      }
      Properties props = BrokerProperties.of(port, Ports.free(), logDir, options.overrides());
      KafkaRaftServer server =
          new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      startServer(server, port, dataDir);
      LOG.info(
          "Kafka broker on 127.0.0.1:{} ({} data in {}) started in {} ms",
          port,
          formatted ? "existing" : "new",
          dataDir,
          (System.nanoTime() - started) / 1_000_000);
      return new EmbeddedKafkaBroker(server, port, dataDir, owns);
    } catch (RuntimeException e) {
      if (owns) {
        TempDirs.deleteQuietly(dataDir);
      }
      throw e;
    }
  }

  /** The address clients pass as {@code bootstrap.servers}, for example {@code 127.0.0.1:9092}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The PLAINTEXT port clients connect to. */
  public int port() {
    return port;
  }

  /** The directory holding the broker's data. */
  public Path dataDir() {
    return dataDir;
  }

  /** Stops the broker and waits for it; deletes the data directory when it was temporary. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long started = System.nanoTime();
    server.shutdown();
    server.awaitShutdown();
    if (ownsDataDir) {
      TempDirs.deleteQuietly(dataDir);
    }
    LOG.info(
        "Kafka broker on 127.0.0.1:{} stopped in {} ms",
        port,
        (System.nanoTime() - started) / 1_000_000);
  }

  private static int requireFree(int port) {
    Ports.requireFree(port);
    return port;
  }

  private static void startServer(KafkaRaftServer server, int port, Path dataDir) {
    try {
      server.startup();
    } catch (RuntimeException e) {
      server.shutdown();
      server.awaitShutdown();
      throw new BrokerStartException(
          "Kafka broker on 127.0.0.1:"
              + port
              + " with data in "
              + dataDir
              + " failed to start: "
              + e.getMessage()
              + ". If another broker uses this directory, stop it; if the"
              + " directory is from another Kafka version or cluster, pass an empty --data-dir.",
          e);
    }
  }

  private static Path prepareLogDir(Path dataDir) {
    Path logDir = dataDir.resolve(LOG_SUBDIR);
    try {
      Files.createDirectories(logDir);
      Path probe = Files.createTempFile(logDir, ".write-check", ".tmp");
      Files.delete(probe);
      return logDir;
    } catch (IOException e) {
      throw new BrokerStartException(
          "Kafka data directory "
              + logDir
              + " cannot be created or written ("
              + e
              + "). Pass a writable directory with --data-dir, or fix its permissions.",
          e);
    }
  }

  private static void format(Path logDir) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (PrintStream quiet = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(quiet)
          .setNodeId(BrokerProperties.NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .addDirectory(logDir.toString())
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setFeatureLevel(ShareVersion.FEATURE_NAME, ShareVersion.SV_2.featureLevel())
          .run();
    } catch (Exception e) {
      throw new BrokerStartException(
          "Cannot format Kafka storage in "
              + logDir
              + ": "
              + e.getMessage()
              + ". Pass an empty or new directory with --data-dir.",
          e);
    }
    LOG.debug("Formatted {}: {}", logDir, output.toString(StandardCharsets.UTF_8).trim());
  }

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("gist-sweep-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary directory for Kafka data", e);
    }
  }
}
