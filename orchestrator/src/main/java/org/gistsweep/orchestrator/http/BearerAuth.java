package org.gistsweep.orchestrator.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets reads through (GET, HEAD, OPTIONS) and asks every other call for {@code Authorization:
 * Bearer <token>}: 401 with {@code WWW-Authenticate: Bearer} and a JSON error otherwise.
 */
final class BearerAuth implements Handler<RoutingContext> {
  private static final String SCHEME = "Bearer ";
  private static final String CHALLENGE = "Bearer realm=\"gist-sweep\"";

  private final ApiToken token;

  BearerAuth(ApiToken token) {
    this.token = token;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      ctx.response().putHeader("WWW-Authenticate", CHALLENGE);
      JsonReplies.error(ctx, 401, method + " " + ctx.request().path() + " changes state and needs the header"
          + " Authorization: Bearer <the orchestrator's API token>", null);
    } else if (!token.matches(header.substring(SCHEME.length()).strip())) {
      ctx.response().putHeader("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
      JsonReplies.error(ctx, 401, "the bearer token is not this orchestrator's API token", null);
    } else {
      ctx.next();
    }
  }
}
