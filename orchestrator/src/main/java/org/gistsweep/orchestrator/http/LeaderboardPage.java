package org.gistsweep.orchestrator.http;

import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The plain leaderboard: {@code /leaderboard} (HTML), {@code /leaderboard.js}, {@code /leaderboard.css},
 * the study controls {@code /controls.js} and what every page needs to call the API, {@code
 * /access.js} (the XSRF header, the console session), all from the classpath. The page carries a
 * Content-Security-Policy that allows only these same-origin files and same-origin fetches, so
 * even a string that slipped into the DOM as markup could run no script (the page itself only ever
 * inserts text; see leaderboard.js).
 */
final class LeaderboardPage {
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:;"
      + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  private static final String DIR = "/org/gistsweep/orchestrator/http/";

  private final String html;
  private final String js;
  private final String css;
  private final String controls;
  private final String access;

  private LeaderboardPage(String html, String js, String css, String controls, String access) {
    this.html = html;
    this.js = js;
    this.css = css;
    this.controls = controls;
    this.access = access;
  }

  /** Loads the files; fails naming the one that is missing. */
  static LeaderboardPage load() throws IOException {
    return new LeaderboardPage(read("leaderboard.html"), read("leaderboard.js"), read("leaderboard.css"), read("controls.js"), read("access.js"));
  }

  /** Adds the GET routes to {@code router}. */
  void addTo(Router router) {
    router.get("/leaderboard").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Frame-Options", "DENY")
        .end(html));
    router.get("/leaderboard.js").handler(ctx -> ctx.response().putHeader("Content-Type", "text/javascript; charset=utf-8").end(js));
    router.get("/controls.js").handler(ctx -> ctx.response().putHeader("Content-Type", "text/javascript; charset=utf-8").end(controls));
    router.get("/access.js").handler(ctx -> ctx.response().putHeader("Content-Type", "text/javascript; charset=utf-8").end(access));
    router.get("/leaderboard.css").handler(ctx -> ctx.response().putHeader("Content-Type", "text/css; charset=utf-8").end(css));
  }

  private static String read(String name) throws IOException {
    try (InputStream in = LeaderboardPage.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IOException("resource " + DIR + name + " not found");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
