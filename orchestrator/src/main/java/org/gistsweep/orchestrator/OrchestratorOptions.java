package org.gistsweep.orchestrator;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.gistsweep.orchestrator.http.ApiToken;
import org.gistsweep.orchestrator.http.BindPolicy;
import org.gistsweep.orchestrator.service.StudyLimits;

/**
 * How to start an {@link Orchestrator}.
 *
 * @param bootstrap Kafka bootstrap servers, {@code host:port}[,...]; {@code null} = no Kafka at all:
 *     the orchestrator hosts ask/tell studies only and refuses worker sweeps
 * @param httpHost interface the HTTP API binds ({@code null} = {@code 127.0.0.1})
 * @param httpPort HTTP port; 0 picks any free port
 * @param clock source of every timestamp and of study id suffixes ({@code null} = system UTC)
 * @param kafkaOverrides extra Kafka client settings (e.g. security), applied to the admin,
 *     producer and consumer; the key {@link Orchestrator#REPLICATION_FACTOR} sets the replication
 *     factor of created topics (default 1) and is not passed to the clients
 * @param workerLease how long a running trial may go without a sign of life from its worker
 *     (start, epoch, heartbeat) before it is issued again as the next attempt ({@code null} = {@link
 *     #DEFAULT_WORKER_LEASE}); workers send a heartbeat every 5 s
 * @param apiToken the bearer token that state-changing HTTP calls need ({@code null} = none); a
 *     non-loopback {@code httpHost} requires one ({@link BindPolicy})
 * @param limits the caps on what one study may ask for: trials, parallel trials, grid size
 *     ({@code null} = {@link StudyLimits#DEFAULTS})
 */
public record OrchestratorOptions(
    String bootstrap,
    String httpHost,
    int httpPort,
    Clock clock,
    Map<String, String> kafkaOverrides,
    Duration workerLease,
    Optional<ApiToken> apiToken,
    StudyLimits limits) {

  /** The default {@link #workerLease}: six missed heartbeats. */
  public static final Duration DEFAULT_WORKER_LEASE = Duration.ofSeconds(30);

  /**
   * @throws org.gistsweep.orchestrator.http.UnprotectedApiException when {@code httpHost} is not
   *     loopback and there is no {@code apiToken}
   */
  public OrchestratorOptions {
    if (bootstrap != null && bootstrap.isBlank()) {
      throw new IllegalArgumentException("bootstrap must name a Kafka broker, e.g. 127.0.0.1:9092, or be null for no Kafka");
    }
    if (httpPort < 0 || httpPort > 65_535) {
      throw new IllegalArgumentException("httpPort must be 0..65535, got " + httpPort);
    }
    httpHost = httpHost == null || httpHost.isBlank() ? "127.0.0.1" : httpHost;
    clock = clock == null ? Clock.systemUTC() : clock;
    kafkaOverrides = kafkaOverrides == null ? Map.of() : Map.copyOf(kafkaOverrides);
    workerLease = workerLease == null ? DEFAULT_WORKER_LEASE : workerLease;
    if (workerLease.isNegative() || workerLease.isZero()) {
      throw new IllegalArgumentException("workerLease must be positive, got " + workerLease);
    }
    apiToken = apiToken == null ? Optional.empty() : apiToken;
    BindPolicy.check(httpHost, apiToken);
    limits = limits == null ? StudyLimits.DEFAULTS : limits;
  }

  /** Options with the default {@link StudyLimits}. */
  public OrchestratorOptions(String bootstrap, String httpHost, int httpPort, Clock clock, Map<String, String> kafkaOverrides,
      Duration workerLease, Optional<ApiToken> apiToken) {
    this(bootstrap, httpHost, httpPort, clock, kafkaOverrides, workerLease, apiToken, null);
  }

  /** The same options with other study limits. */
  public OrchestratorOptions withLimits(StudyLimits newLimits) {
    return new OrchestratorOptions(bootstrap, httpHost, httpPort, clock, kafkaOverrides, workerLease, apiToken, newLimits);
  }

  /** Options without an API token. */
  public OrchestratorOptions(
      String bootstrap, String httpHost, int httpPort, Clock clock, Map<String, String> kafkaOverrides, Duration workerLease) {
    this(bootstrap, httpHost, httpPort, clock, kafkaOverrides, workerLease, Optional.empty(), null);
  }

  /** Options with the default worker lease. */
  public OrchestratorOptions(
      String bootstrap, String httpHost, int httpPort, Clock clock, Map<String, String> kafkaOverrides) {
    this(bootstrap, httpHost, httpPort, clock, kafkaOverrides, null, Optional.empty(), null);
  }

  /** Options with the defaults: 127.0.0.1, the given port, system clock, no overrides. */
  public static OrchestratorOptions defaults(String bootstrap, int httpPort) {
    return new OrchestratorOptions(bootstrap, null, httpPort, null, null);
  }
}
