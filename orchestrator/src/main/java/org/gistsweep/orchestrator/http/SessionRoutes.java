package org.gistsweep.orchestrator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gistsweep.common.spec.SpecException;

/**
 * What a page needs to know and hold to call the API: {@code GET /api/access} (whether the token is
 * needed for changes and for reads, and whether this request has it; it also renews the {@link
 * XsrfToken} cookie), {@code POST /api/session {"token": "..."}} (checks the token and sets the
 * {@link SessionCookie}) and {@code DELETE /api/session} (clears it).
 */
final class SessionRoutes {
  private final Optional<ApiToken> token;
  private final boolean readToken;
  private final AccessGuard guard;
  private final XsrfToken xsrf;
  private final Optional<SessionCookie> sessions;

  SessionRoutes(
      Optional<ApiToken> token,
      boolean readToken,
      AccessGuard guard,
      XsrfToken xsrf,
      Optional<SessionCookie> sessions) {
    this.token = token;
    this.readToken = readToken;
    this.guard = guard;
    this.xsrf = xsrf;
    this.sessions = sessions;
  }

  /**
   * {@code {"token_required", "read_token_required", "authenticated"}}; the page shows its token
   * form from these.
   */
  void access(RoutingContext ctx) {
    xsrf.setCookie(ctx);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token_required", token.isPresent());
    body.put("read_token_required", readToken);
    body.put("authenticated", guard.authenticated(ctx.request()));
    ctx.response().putHeader("Cache-Control", "no-store");
    JsonReplies.ok(ctx, 200, body);
  }

  void open(RoutingContext ctx) {
    if (sessions.isEmpty() || token.isEmpty()) {
      JsonReplies.error(
          ctx,
          409,
          "this server has no API token (it serves a loopback address without one), so there is no"
              + " session to open: every call works without one",
          null);
      return;
    }
    String presented;
    try {
      presented = presentedToken(ApiRoutes.body(ctx));
    } catch (SpecException e) {
      JsonReplies.error(ctx, 400, e.getMessage(), e.field());
      return;
    }
    if (!token.get().matches(presented)) {
      JsonReplies.error(ctx, 401, "the token is not this orchestrator's API token", "token");
      return;
    }
    Instant expiry = sessions.get().expiryOfNew();
    ctx.response().headers().add("Set-Cookie", sessions.get().issue(expiry));
    ctx.response().putHeader("Cache-Control", "no-store");
    JsonReplies.ok(ctx, 200, Map.of("authenticated", true, "expires_at", expiry.toString()));
  }

  void close(RoutingContext ctx) {
    sessions.ifPresent(s -> ctx.response().headers().add("Set-Cookie", s.cleared()));
    JsonReplies.ok(ctx, 200, Map.of("authenticated", false));
  }

  private static String presentedToken(JsonNode body) {
    if (!body.isObject()) {
      throw new SpecException(
          "", "the request body must be a JSON object, e.g. {\"token\": \"...\"}");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("token")) {
        throw new SpecException(key, "unknown key; the only key here is token");
      }
    }
    JsonNode t = body.get("token");
    if (t == null || !t.isTextual() || t.asText().isBlank()) {
      throw new SpecException(
          "token", "must be the orchestrator's API token as a string, e.g. {\"token\": \"...\"}");
    }
    return t.asText();
  }
}
