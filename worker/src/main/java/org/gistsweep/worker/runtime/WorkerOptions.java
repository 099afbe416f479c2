package org.gistsweep.worker.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.gistsweep.artifacts.ArtifactStore;

/**
 * How a worker node connects and where it keeps data.
 *
 * @param bootstrap Kafka bootstrap servers, {@code host:port[,host:port]}
 * @param workerId unique id of this worker, reported with every event
 * @param dataRoot default root of the VTAB-1K layout (built-in tasks are generated there)
 * @param cacheDir where extracted built-in weights and other caches live
 * @param heartbeatInterval how often a running trial's heartbeat is sent
 * @param leaseRenewInterval how often the Kafka acquisition lock of the held trial is renewed
 * @param kafkaOverrides extra Kafka client settings (security, timeouts), applied last
 * @param clock the clock stamped on every message
 * @param artifacts the artifact store the worker writes each attempt's log and weights to (its only
 *     write root besides {@code cacheDir}), or {@code null} for none: then nothing is stored. The
 *     caller opens, checks and closes it.
 */
public record WorkerOptions(
    String bootstrap,
    String workerId,
    Path dataRoot,
    Path cacheDir,
    Duration heartbeatInterval,
    Duration leaseRenewInterval,
    Map<String, String> kafkaOverrides,
    Clock clock,
    ArtifactStore artifacts) {

  public WorkerOptions {
    kafkaOverrides = Map.copyOf(kafkaOverrides);
    if (leaseRenewInterval.isZero() || leaseRenewInterval.isNegative()) {
      throw new IllegalArgumentException("leaseRenewInterval must be positive");
    }
  }

  /** Options of a worker that stores nothing. */
  public WorkerOptions(
      String bootstrap,
      String workerId,
      Path dataRoot,
      Path cacheDir,
      Duration heartbeatInterval,
      Duration leaseRenewInterval,
      Map<String, String> kafkaOverrides,
      Clock clock) {
    this(
        bootstrap,
        workerId,
        dataRoot,
        cacheDir,
        heartbeatInterval,
        leaseRenewInterval,
        kafkaOverrides,
        clock,
        null);
  }

  /** These options with {@code overrides} as the Kafka client settings. */
  public WorkerOptions withKafkaOverrides(Map<String, String> overrides) {
    return new WorkerOptions(
        bootstrap,
        workerId,
        dataRoot,
        cacheDir,
        heartbeatInterval,
        leaseRenewInterval,
        overrides,
        clock,
        artifacts);
  }

  /** These options with {@code store} as the artifact store. */
  public WorkerOptions withArtifacts(ArtifactStore store) {
    return new WorkerOptions(
        bootstrap,
        workerId,
        dataRoot,
        cacheDir,
        heartbeatInterval,
        leaseRenewInterval,
        kafkaOverrides,
        clock,
        store);
  }

  /**
   * Where the worker writes an attempt's weights before it stores them: {@code cacheDir/scratch}.
   */
  public Path scratchDir() {
    return cacheDir.resolve("scratch");
  }

  /**
   * Options with the usual intervals and the system clock: heartbeat 5 s; lock renewal 20 s, within
   * both the 60 s record lock this project gives its share group and Kafka's default of 30 s (for a
   * group whose configuration could not be set).
   */
  public static WorkerOptions defaults(
      String bootstrap, String workerId, Path dataRoot, Path cacheDir) {
    return new WorkerOptions(
        bootstrap,
        workerId,
        dataRoot,
        cacheDir,
        Duration.ofSeconds(5),
        Duration.ofSeconds(20),
        Map.of(),
        Clock.systemUTC());
  }
}
