package org.gistsweep.orchestrator.http;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;

/**
 * Who may make a call, once {@link HostGuard} and {@link ChangeGuard} let it through.
 *
 * <ul>
 *   <li>With an {@link ApiToken}, a call that changes state needs {@code Authorization: Bearer
 *       <token>} or the console's session cookie ({@link SessionCookie}): 401 with {@code
 *       WWW-Authenticate: Bearer} and a JSON error otherwise. {@code /api/session} itself is open.
 *   <li>A call that changes state from a browser (it sends {@code Origin}, {@code Sec-Fetch-Site}
 *       or a {@code Cookie}) needs the {@link XsrfToken} header too, unless it carries a valid
 *       bearer token: 403 otherwise. Programs (curl, the CLI, Python) send none of these headers.
 *   <li>With {@code readToken}, reads of data ({@link #isProtectedRead}) need the bearer token or
 *       the session cookie as well (401).
 * </ul>
 */
final class AccessGuard implements Handler<RoutingContext> {
  private static final String SCHEME = "Bearer ";
  private static final String CHALLENGE = "Bearer realm=\"gist-sweep\"";
  private static final String SESSION_PATH = "/api/session";
  private static final Set<String> OPEN_API_READS =
      Set.of("/api/access", SESSION_PATH, "/api/openapi.json", "/api/docs");

  /** What a request presents. */
  enum Credential {
    NONE,
    BEARER,
    WRONG_BEARER,
    SESSION
  }

  private final Optional<ApiToken> token;
  private final boolean readToken;
  private final XsrfToken xsrf;
  private final Optional<SessionCookie> sessions;

  AccessGuard(
      Optional<ApiToken> token,
      boolean readToken,
      XsrfToken xsrf,
      Optional<SessionCookie> sessions) {
    this.token = token;
    this.readToken = readToken;
    this.xsrf = xsrf;
    this.sessions = sessions;
  }

  /** True when reads of {@code path} (normalised) need the token under {@code --read-token}. */
  static boolean isProtectedRead(String path) {
    if (path.equals("/metrics") || path.startsWith("/metrics/")) {
      return true;
    }
    String p =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return p.startsWith("/api/") && !OPEN_API_READS.contains(p) && !p.startsWith("/api/docs/");
  }

  /**
   * True when the request comes from a browser: it sends an Origin, a Sec-Fetch-Site or a Cookie
   * header.
   */
  static boolean fromBrowser(HttpServerRequest request) {
    return request.getHeader("Origin") != null
        || request.getHeader("Sec-Fetch-Site") != null
        || request.getHeader("Cookie") != null;
  }

  /** The bearer token when there is an Authorization header, else the session cookie. */
  Credential credential(HttpServerRequest request) {
    if (token.isEmpty()) {
      return Credential.NONE;
    }
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return token.get().matches(header.substring(SCHEME.length()).strip())
          ? Credential.BEARER
          : Credential.WRONG_BEARER;
    }
    Cookie session = request.getCookie(SessionCookie.COOKIE);
    return session != null && sessions.isPresent() && sessions.get().valid(session.getValue())
        ? Credential.SESSION
        : Credential.NONE;
  }

  /** True when the request carries the bearer token or a session. */
  boolean authenticated(HttpServerRequest request) {
    Credential c = credential(request);
    return c == Credential.BEARER || c == Credential.SESSION;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpMethod method = request.method();
    if (method == HttpMethod.OPTIONS) {
      ctx.next();
      return;
    }
    String call = method + " " + request.path();
    Credential credential = credential(request);
    if (!ChangeGuard.changesState(method)) {
      if (readToken
          && isProtectedRead(ctx.normalizedPath())
          && credential != Credential.BEARER
          && credential != Credential.SESSION) {
        refuse(
            ctx,
            credential,
            call
                + " reads data, and this server was started with --read-token: it needs the header"
                + " Authorization: Bearer <the orchestrator's API token> (or a console session,"
                + " POST /api/session)");
        return;
      }
      ctx.next();
      return;
    }
    if (token.isPresent()
        && !ctx.normalizedPath().equals(SESSION_PATH)
        && credential != Credential.BEARER
        && credential != Credential.SESSION) {
      refuse(
          ctx,
          credential,
          call
              + " changes state and needs the header Authorization: Bearer <the orchestrator's API"
              + " token> (or a console session, POST /api/session)");
      return;
    }
    if (credential != Credential.BEARER
        && fromBrowser(request)
        && !xsrf.matches(request.getHeader(XsrfToken.HEADER))) {
      JsonReplies.error(
          ctx,
          403,
          call
              + " comes from a browser (it sends a Cookie, Origin or Sec-Fetch-Site header) "
              + (request.getHeader(XsrfToken.HEADER) == null ? "without the" : "with a wrong")
              + " X-XSRF-Token header: pages of this server send the value of their "
              + XsrfToken.COOKIE
              + " cookie, which a"
              + " restart renews, so reload the page; programs send no cookie, or the bearer token",
          XsrfToken.HEADER);
      return;
    }
    ctx.next();
  }

  private static void refuse(RoutingContext ctx, Credential credential, String message) {
    if (credential == Credential.WRONG_BEARER) {
      ctx.response().putHeader("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
      JsonReplies.error(ctx, 401, "the bearer token is not this orchestrator's API token", null);
    } else {
      ctx.response().putHeader("WWW-Authenticate", CHALLENGE);
      JsonReplies.error(ctx, 401, message, null);
    }
  }
}
