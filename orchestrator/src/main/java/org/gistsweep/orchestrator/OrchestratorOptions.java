package org.gistsweep.orchestrator;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.common.spec.WorkerRoots;
import org.gistsweep.orchestrator.http.ApiToken;
import org.gistsweep.orchestrator.http.BindPolicy;
import org.gistsweep.orchestrator.http.WebAccess;
import org.gistsweep.orchestrator.service.StudyLimits;

/**
 * How to start an {@link Orchestrator}.
 *
 * @param bootstrap Kafka bootstrap servers, {@code host:port}[,...]; {@code null} = no Kafka at
 *     all: the orchestrator hosts ask/tell studies only and refuses worker sweeps
 * @param httpHost interface the HTTP API binds ({@code null} = {@code 127.0.0.1})
 * @param httpPort HTTP port; 0 picks any free port
 * @param clock source of every timestamp and of study id suffixes ({@code null} = system UTC)
 * @param kafkaOverrides extra Kafka client settings (e.g. security), applied to the admin, producer
 *     and consumer; the key {@link Orchestrator#REPLICATION_FACTOR} sets the replication factor of
 *     created topics (default 1) and is not passed to the clients
 * @param workerLease how long a running trial may go without a sign of life from its worker (start,
 *     epoch, heartbeat) before it is issued again as the next attempt ({@code null} = {@link
 *     #DEFAULT_WORKER_LEASE}); workers send a heartbeat every 5 s
 * @param apiToken the bearer token that state-changing HTTP calls need ({@code null} = none); a
 *     non-loopback {@code httpHost} requires one ({@link BindPolicy})
 * @param webAccess the origins and host names browsers may use, and whether reads need the token
 *     ({@code null} = {@link WebAccess#defaults()}: loopback names and IP addresses, the server's
 *     own pages, reads open)
 * @param workerRoots the folders the workers read data and weights from, when known ({@code null} =
 *     {@link WorkerRoots#UNKNOWN}): a sweep naming an absolute path outside them is refused at
 *     submit
 * @param limits the caps on what one study may ask for: trials, parallel trials, grid size ({@code
 *     null} = {@link StudyLimits#DEFAULTS})
 * @param artifacts the artifact store the workers write trial weights and logs to ({@code null} or
 *     empty = none: the artifacts routes answer 503 and nothing is deleted); the orchestrator lists
 *     and serves from it, keeps every study within its {@code retain}, and deletes an archived
 *     study's artifacts on request. The caller opened it and closes it after the orchestrator.
 */
public record OrchestratorOptions(
    String bootstrap,
    String httpHost,
    int httpPort,
    Clock clock,
    Map<String, String> kafkaOverrides,
    Duration workerLease,
    Optional<ApiToken> apiToken,
    WebAccess webAccess,
    WorkerRoots workerRoots,
    StudyLimits limits,
    Optional<ArtifactStore> artifacts) {

  /** The default {@link #workerLease}: six missed heartbeats. */
  public static final Duration DEFAULT_WORKER_LEASE = Duration.ofSeconds(30);

  /**
   * @throws org.gistsweep.orchestrator.http.UnprotectedApiException when {@code httpHost} is not
   *     loopback and there is no {@code apiToken}
   * @throws org.gistsweep.orchestrator.http.UnprotectedReadsException when {@code webAccess} asks
   *     for a read token and there is no {@code apiToken}
   */
  public OrchestratorOptions {
    if (bootstrap != null && bootstrap.isBlank()) {
      throw new IllegalArgumentException(
          "bootstrap must name a Kafka broker, e.g. 127.0.0.1:9092, or be null for no Kafka");
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
    webAccess = webAccess == null ? WebAccess.defaults() : webAccess;
    webAccess.check(apiToken);
    workerRoots = workerRoots == null ? WorkerRoots.UNKNOWN : workerRoots;
    limits = limits == null ? StudyLimits.DEFAULTS : limits;
    artifacts = artifacts == null ? Optional.empty() : artifacts;
  }

  /** Options without an artifact store. */
  public OrchestratorOptions(
      String bootstrap,
      String httpHost,
      int httpPort,
      Clock clock,
      Map<String, String> kafkaOverrides,
      Duration workerLease,
      Optional<ApiToken> apiToken,
      WebAccess webAccess,
      WorkerRoots workerRoots,
      StudyLimits limits) {
    this(
        bootstrap,
        httpHost,
        httpPort,
        clock,
        kafkaOverrides,
        workerLease,
        apiToken,
        webAccess,
        workerRoots,
        limits,
        Optional.empty());
  }

  /** These options with the workers' artifact store. */
  public OrchestratorOptions withArtifacts(ArtifactStore store) {
    return new OrchestratorOptions(
        bootstrap,
        httpHost,
        httpPort,
        clock,
        kafkaOverrides,
        workerLease,
        apiToken,
        webAccess,
        workerRoots,
        limits,
        Optional.of(store));
  }

  /**
   * Options with the default {@link WebAccess}, the workers' roots unknown and the default {@link
   * StudyLimits}.
   */
  public OrchestratorOptions(
      String bootstrap,
      String httpHost,
      int httpPort,
      Clock clock,
      Map<String, String> kafkaOverrides,
      Duration workerLease,
      Optional<ApiToken> apiToken) {
    this(
        bootstrap,
        httpHost,
        httpPort,
        clock,
        kafkaOverrides,
        workerLease,
        apiToken,
        null,
        null,
        null);
  }

  /** These options with other browser access rules. */
  public OrchestratorOptions withWebAccess(WebAccess access) {
    return new OrchestratorOptions(
        bootstrap,
        httpHost,
        httpPort,
        clock,
        kafkaOverrides,
        workerLease,
        apiToken,
        access,
        workerRoots,
        limits,
        artifacts);
  }

  /** These options with the workers' roots known. */
  public OrchestratorOptions withWorkerRoots(WorkerRoots roots) {
    return new OrchestratorOptions(
        bootstrap,
        httpHost,
        httpPort,
        clock,
        kafkaOverrides,
        workerLease,
        apiToken,
        webAccess,
        roots,
        limits,
        artifacts);
  }

  /** These options with other study limits. */
  public OrchestratorOptions withLimits(StudyLimits newLimits) {
    return new OrchestratorOptions(
        bootstrap,
        httpHost,
        httpPort,
        clock,
        kafkaOverrides,
        workerLease,
        apiToken,
        webAccess,
        workerRoots,
        newLimits,
        artifacts);
  }

  /** Options without an API token. */
  public OrchestratorOptions(
      String bootstrap,
      String httpHost,
      int httpPort,
      Clock clock,
      Map<String, String> kafkaOverrides,
      Duration workerLease) {
    this(bootstrap, httpHost, httpPort, clock, kafkaOverrides, workerLease, Optional.empty());
  }

  /** Options with the default worker lease. */
  public OrchestratorOptions(
      String bootstrap,
      String httpHost,
      int httpPort,
      Clock clock,
      Map<String, String> kafkaOverrides) {
    this(bootstrap, httpHost, httpPort, clock, kafkaOverrides, null, Optional.empty());
  }

  /** Options with the defaults: 127.0.0.1, the given port, system clock, no overrides. */
  public static OrchestratorOptions defaults(String bootstrap, int httpPort) {
    return new OrchestratorOptions(bootstrap, null, httpPort, null, null);
  }
}
