package org.gistsweep.orchestrator.http;

import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Responses: JSON, including the error shape {@code {"error": "...", "field": "..."}}, and text
 * exports.
 */
final class JsonReplies {
  private static final Logger LOG = LoggerFactory.getLogger(JsonReplies.class);

  private JsonReplies() {}

  /**
   * A 500 for a failure the server did not expect: the answer says {@code what} failed and why, and
   * the log gets the stack trace, which the answer never carries.
   */
  static void internal(RoutingContext ctx, String what, Throwable cause) {
    LOG.error("{} {}: {}", ctx.request().method(), ctx.request().path(), what, cause);
    error(ctx, 500, what + ": " + cause, null);
  }

  static void ok(RoutingContext ctx, int status, Object tree) {
    send(ctx, status, StudyJson.encode(tree));
  }

  static void send(RoutingContext ctx, int status, String json) {
    if (!ctx.response().ended()) {
      ctx.response()
          .setStatusCode(status)
          .putHeader("Content-Type", "application/json; charset=utf-8")
          .end(json);
    }
  }

  static void error(RoutingContext ctx, int status, String message, String field) {
    error(ctx, status, message, field, Map.of());
  }

  /** The error shape plus {@code extra} members (e.g. {@code parameters}). */
  static void error(
      RoutingContext ctx, int status, String message, String field, Map<String, Object> extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    if (field != null) {
      body.put("field", field);
    }
    body.putAll(extra);
    ok(ctx, status, body);
  }

  /** A non-JSON body (Markdown, LaTeX, CSV, text) with its Content-Type. */
  static void text(RoutingContext ctx, int status, String contentType, String body) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", contentType).end(body);
    }
  }
}
