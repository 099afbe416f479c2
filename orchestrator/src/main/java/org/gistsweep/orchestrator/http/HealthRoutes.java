package org.gistsweep.orchestrator.http;

import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.gistsweep.orchestrator.service.StudyService;

/**
 * {@code GET /health/live}: the process is up and its event loop answers (200 {@code {"status":
 * "UP"}}). {@code GET /health/ready}: 200 when every check passes, else 503; the body names each
 * check, {@code {"status": "UP"|"DOWN", "checks": {"journal_replayed": "UP", "broker": "DOWN",
 * "http": "UP"}}}. The checks only read flags that other threads keep current, so a probe never
 * waits on the broker.
 */
final class HealthRoutes {
  private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();

  /**
   * @param storeName what the journal's store is called in the body: {@code broker} on Kafka,
   *     {@code journal_store} for the in-memory journal of {@code serve}
   * @param serving whether the HTTP server is bound
   */
  HealthRoutes(StudyService service, String storeName, BooleanSupplier serving) {
    checks.put("journal_replayed", service::recovered);
    checks.put(storeName, service::storeReachable);
    checks.put("http", serving);
  }

  void live(RoutingContext ctx) {
    JsonReplies.ok(ctx, 200, Map.of("status", "UP"));
  }

  void ready(RoutingContext ctx) {
    Map<String, Object> results = new LinkedHashMap<>();
    boolean all = true;
    for (Map.Entry<String, BooleanSupplier> c : checks.entrySet()) {
      boolean up = c.getValue().getAsBoolean();
      all &= up;
      results.put(c.getKey(), up ? "UP" : "DOWN");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", all ? "UP" : "DOWN");
    body.put("checks", results);
    ctx.response().putHeader("Cache-Control", "no-store");
    JsonReplies.ok(ctx, all ? 200 : 503, body);
  }
}
