package org.gistsweep.orchestrator.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers 403 to every request (pages, API, event streams, metrics) whose {@code Host} is not in
 * the {@link HostAllowList}: against DNS rebinding, which lets a foreign page read this server
 * under the page's own name.
 */
final class HostGuard implements Handler<RoutingContext> {
  private final HostAllowList hosts;

  HostGuard(HostAllowList hosts) {
    this.hosts = hosts;
  }

  /**
   * The request's {@code Host} header (HTTP/2: its authority); null when it has none (HTTP/1.0).
   */
  static String host(HttpServerRequest request) {
    String header = request.getHeader("Host");
    if (header == null && request.version() == HttpVersion.HTTP_2 && request.authority() != null) {
      return request.authority().host()
          + (request.authority().port() >= 0 ? ":" + request.authority().port() : "");
    }
    return header;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = host(ctx.request());
    if (hosts.allows(header)) {
      ctx.next();
      return;
    }
    String shown = WebAccess.shown(header);
    String message =
        HostAllowList.hostOf(header)
            .map(
                h ->
                    "this server is not "
                        + WebAccess.shown(h)
                        + " (the request's Host header): a page that reaches a server through DNS"
                        + " rebinding presents its own name, so only loopback names, IP addresses"
                        + " and the names given with --allowed-host are answered; if "
                        + WebAccess.shown(h)
                        + " is a name of this server, start it with --allowed-host "
                        + WebAccess.shown(h))
            .orElse(
                "the Host header '"
                    + shown
                    + "' is not host[:port]; send the server's name or address, e.g. Host:"
                    + " 127.0.0.1:8080");
    JsonReplies.error(ctx, 403, message, "Host");
  }
}
