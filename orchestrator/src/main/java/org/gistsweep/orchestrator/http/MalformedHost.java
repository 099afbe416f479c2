package org.gistsweep.orchestrator.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;

/**
 * Answers 400 to an HTTP/1.1 request whose {@code Host} header is not host[:port] (e.g. {@code
 * [::1} or a name with a space), before the router sees it: the router cannot route such a request
 * and logs an error with a stack trace for each one, which any client could use to flood the log.
 */
final class MalformedHost implements Handler<HttpServerRequest> {
  private final Router router;

  MalformedHost(Router router) {
    this.router = router;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (request.version() != HttpVersion.HTTP_2
        && request.authority() == null
        && request.getHeader("Host") != null) {
      String body =
          "{\"error\":\"the Host header is not host[:port]; send the server's name or address, e.g."
              + " Host: 127.0.0.1:8080\",\"field\":\"Host\"}";
      request
          .response()
          .setStatusCode(400)
          .putHeader("Content-Type", "application/json")
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Connection", "close")
          .end(body);
      return;
    }
    router.handle(request);
  }
}
