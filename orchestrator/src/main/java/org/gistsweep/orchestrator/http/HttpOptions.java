package org.gistsweep.orchestrator.http;

import java.time.Duration;
import java.util.Optional;

/**
 * How the {@link HttpVerticle} serves.
 *
 * @param host interface to bind, e.g. {@code 127.0.0.1}
 * @param port port to bind; 0 picks a free one
 * @param keepAlive interval of SSE keep-alive comments
 * @param token the bearer token that state-changing calls need; required unless {@code host} is
 *     loopback (see {@link BindPolicy})
 * @param workerSweeps whether sweeps trained by workers may be submitted; false on a server without
 *     Kafka, which hosts ask/tell studies only
 * @param access allowed origins and hosts, and whether reads need the token ({@code null} = {@link
 *     WebAccess#defaults()})
 */
public record HttpOptions(
    String host,
    int port,
    Duration keepAlive,
    Optional<ApiToken> token,
    boolean workerSweeps,
    WebAccess access) {

  /**
   * @throws UnprotectedApiException when {@code host} is not loopback and there is no token
   * @throws UnprotectedReadsException when {@code access} asks for a read token and there is no
   *     token
   */
  public HttpOptions {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must name an interface, e.g. 127.0.0.1");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (keepAlive == null || keepAlive.isNegative() || keepAlive.isZero()) {
      throw new IllegalArgumentException("keepAlive must be positive, got " + keepAlive);
    }
    token = token == null ? Optional.empty() : token;
    BindPolicy.check(host, token);
    access = access == null ? WebAccess.defaults() : access;
    access.check(token);
  }

  /** Options with the default {@link WebAccess}. */
  public HttpOptions(
      String host, int port, Duration keepAlive, Optional<ApiToken> token, boolean workerSweeps) {
    this(host, port, keepAlive, token, workerSweeps, null);
  }

  /** Loopback-friendly options without a token that accept worker sweeps. */
  public static HttpOptions open(String host, int port, Duration keepAlive) {
    return new HttpOptions(host, port, keepAlive, Optional.empty(), true);
  }
}
