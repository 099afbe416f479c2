package org.gistsweep.orchestrator.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * What a call that changes state (every method but GET, HEAD, OPTIONS) must look like before its
 * body is read: {@code Content-Type: application/json} (415 otherwise; a page on another origin can
 * send text/plain, a form or a beacon without asking, but not JSON), and an {@code Origin}, when it
 * has one, of this server or one given with {@code --allowed-origin} (403 otherwise).
 */
final class ChangeGuard implements Handler<RoutingContext> {
  private final OriginPolicy origins;

  ChangeGuard(OriginPolicy origins) {
    this.origins = origins;
  }

  /** True for every method but GET, HEAD and OPTIONS. */
  static boolean changesState(HttpMethod method) {
    return method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
  }

  /** True for {@code application/json}, with or without parameters such as {@code charset}. */
  static boolean isJson(String contentType) {
    return contentType != null
        && contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals("application/json");
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!changesState(request.method())) {
      ctx.next();
      return;
    }
    String call = request.method() + " " + request.path();
    String type = request.getHeader("Content-Type");
    if (!isJson(type)) {
      JsonReplies.error(
          ctx,
          415,
          call
              + " changes state and needs the header Content-Type: application/json, even with an"
              + " empty body (got "
              + (type == null ? "none" : WebAccess.shown(type))
              + "); e.g. curl -H 'Content-Type: application/json' -d '{}'",
          "Content-Type");
      return;
    }
    String origin = request.getHeader("Origin");
    if (origin == null || origins.accepts(origin, HostGuard.host(request))) {
      ctx.next();
    } else if (origin.strip().equals("null")) {
      JsonReplies.error(
          ctx,
          403,
          call
              + " comes from a page with Origin: null (a sandboxed frame, a local file or a"
              + " redirect), which may not change state; use the console of this server, or serve"
              + " the page from an origin given with --allowed-origin",
          "Origin");
    } else {
      JsonReplies.error(
          ctx,
          403,
          call
              + " comes from a page of "
              + WebAccess.shown(origin)
              + ", which is not this server's origin;"
              + " to let pages of that origin change state, start the server with --allowed-origin "
              + WebAccess.shown(origin),
          "Origin");
    }
  }
}
