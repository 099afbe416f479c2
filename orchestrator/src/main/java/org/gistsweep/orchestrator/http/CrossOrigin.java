package org.gistsweep.orchestrator.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * CORS for the origins given with {@code --allowed-origin}, and for them only: a preflight ({@code
 * OPTIONS} with {@code Access-Control-Request-Method}) is answered 204 with the methods and headers
 * the API takes; any other response names the origin in {@code Access-Control-Allow-Origin}, with
 * {@code Vary: Origin}. No credentials are allowed across origins: such pages send the bearer
 * token. Without allowed origins no CORS header is ever sent, so a browser keeps every other page
 * from reading an answer or sending a preflighted call.
 */
final class CrossOrigin implements Handler<RoutingContext> {
  static final String METHODS = "GET, POST, DELETE";
  static final String HEADERS =
      "Content-Type, Authorization, " + XsrfToken.HEADER + ", Last-Event-ID";
  private static final String EXPOSED = "Location, WWW-Authenticate";
  private static final String MAX_AGE_SECONDS = "600";

  private final OriginPolicy origins;
  private final boolean any;

  CrossOrigin(OriginPolicy origins, boolean any) {
    this.origins = origins;
    this.any = any;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!any) {
      ctx.next();
      return;
    }
    MultiMap headers = ctx.response().headers();
    headers.add("Vary", "Origin");
    String origin = ctx.request().getHeader("Origin");
    if (origin == null || !origins.isAllowedCrossOrigin(origin)) {
      ctx.next();
      return;
    }
    headers.set("Access-Control-Allow-Origin", origin);
    if (ctx.request().method() == HttpMethod.OPTIONS
        && ctx.request().getHeader("Access-Control-Request-Method") != null) {
      headers
          .set("Access-Control-Allow-Methods", METHODS)
          .set("Access-Control-Allow-Headers", HEADERS)
          .set("Access-Control-Max-Age", MAX_AGE_SECONDS);
      ctx.response().setStatusCode(204).end();
      return;
    }
    headers.set("Access-Control-Expose-Headers", EXPOSED);
    ctx.next();
  }
}
