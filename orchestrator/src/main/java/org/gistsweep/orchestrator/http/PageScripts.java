package org.gistsweep.orchestrator.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The scripts every page of this server shares, from the classpath: {@code /access.js} (the XSRF
 * header, the console session) and {@code /controls.js} (the study controls the console mounts);
 * and {@code /leaderboard}, the address of the former plain leaderboard page, which now sends the
 * browser to the console ({@code /}, or {@code /studies/ID/leaderboard} for {@code ?study=ID}).
 */
final class PageScripts {
  private static final String DIR = "/org/gistsweep/orchestrator/http/";

  private final String controls;
  private final String access;

  private PageScripts(String controls, String access) {
    this.controls = controls;
    this.access = access;
  }

  /** Loads the files; fails naming the one that is missing. */
  static PageScripts load() throws IOException {
    return new PageScripts(read("controls.js"), read("access.js"));
  }

  /** Adds the GET routes to {@code router}. */
  void addTo(Router router) {
    router.get("/controls.js").handler(ctx -> script(ctx, controls));
    router.get("/access.js").handler(ctx -> script(ctx, access));
    router.get("/leaderboard").handler(PageScripts::toConsole);
  }

  private static void script(RoutingContext ctx, String body) {
    ctx.response().putHeader("Content-Type", "text/javascript; charset=utf-8").end(body);
  }

  private static void toConsole(RoutingContext ctx) {
    String study = ctx.request().getParam("study");
    String target =
        study == null || study.isBlank()
            ? "/"
            : "/studies/"
                + URLEncoder.encode(study, StandardCharsets.UTF_8).replace("+", "%20")
                + "/leaderboard";
    ctx.response()
        .setStatusCode(302)
        .putHeader("Location", target)
        .putHeader("Cache-Control", "no-store")
        .end();
  }

  private static String read(String name) throws IOException {
    try (InputStream in = PageScripts.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IOException("resource " + DIR + name + " not found");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
