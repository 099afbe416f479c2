package org.gistsweep.orchestrator.http;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The console's token against cross-site requests: random per server run. The pages the server
 * serves (and {@code GET /api/access}) set it as the cookie {@value #COOKIE} ({@code
 * SameSite=Strict}, readable by script); the page's scripts send it back as the header {@value
 * #HEADER} on every call that changes state. Only a page of this server's origin can read the
 * cookie, so only it can send the header. A restart makes a new token: the page fetches a fresh
 * cookie and tries once more.
 */
final class XsrfToken {
  static final String COOKIE = "gist_xsrf";
  static final String HEADER = "X-XSRF-Token";

  private final String value;

  private XsrfToken(String value) {
    this.value = value;
  }

  /** A new token of 32 random bytes. */
  static XsrfToken random(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return new XsrfToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** True when {@code presented} (the header, may be null) is this token; constant time. */
  boolean matches(String presented) {
    return presented != null
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8),
            presented.strip().getBytes(StandardCharsets.UTF_8));
  }

  /** Sets the cookie on the response of {@code ctx}. */
  void setCookie(RoutingContext ctx) {
    ctx.response().headers().add("Set-Cookie", COOKIE + "=" + value + "; Path=/; SameSite=Strict");
  }

  /** Sets the cookie on every HTML page {@code ctx} answers with (the console, the API docs). */
  void setCookieOnPages(RoutingContext ctx) {
    ctx.addHeadersEndHandler(
        v -> {
          String type = ctx.response().headers().get("Content-Type");
          if (type != null && type.startsWith("text/html")) {
            setCookie(ctx);
          }
        });
    ctx.next();
  }

  @Override
  public String toString() {
    return "XsrfToken[redacted]";
  }
}
