package org.gistsweep.orchestrator.http;

import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON responses, including the error shape {@code {"error": "...", "field": "..."}}. */
final class JsonReplies {
  private JsonReplies() {}

  static void ok(RoutingContext ctx, int status, Object tree) {
    send(ctx, status, StudyJson.encode(tree));
  }

  static void send(RoutingContext ctx, int status, String json) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(json);
    }
  }

  static void error(RoutingContext ctx, int status, String message, String field) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    if (field != null) {
      body.put("field", field);
    }
    ok(ctx, status, body);
  }
}
