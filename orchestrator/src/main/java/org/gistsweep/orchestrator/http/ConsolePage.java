package org.gistsweep.orchestrator.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The analysis console: one HTML page for {@code /} (every study) and {@code /studies/{id}}, {@code
 * /studies/{id}/{view}}, {@code /studies/{id}/trials/{n}} (the page routes itself), its scripts and
 * styles under {@code /console/}, and ECharts from the {@code org.webjars.npm:echarts} jar at
 * {@code /vendor/echarts.min.js}. Everything is same-origin and served with {@link #CSP}: no inline
 * script, no foreign origin.
 *
 * <p>When the study controls' {@code controls.js} is on the classpath (served at {@code
 * /controls.js} by {@link PageScripts}), the page loads it after its own scripts; it mounts into
 * {@code <div id="study-controls" data-study="ID">} in a study's header.
 */
final class ConsolePage {
  /**
   * The Content-Security-Policy of every HTML page (the console, the API docs): only same-origin
   * scripts, styles and fetches, so even a string that slipped into the DOM as markup could run no
   * script (the pages only ever insert text).
   */
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'"
          + " data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /**
   * The ECharts version of the webjar this page serves (the parent pom's {@code echarts.version}).
   */
  static final String ECHARTS_VERSION = "5.3.1";

  static final String ECHARTS_RESOURCE =
      "/META-INF/resources/webjars/echarts/" + ECHARTS_VERSION + "/dist/echarts.min.js";
  private static final String DIR = "/org/gistsweep/orchestrator/http/console/";
  private static final String CONTROLS_MARKER = "<!-- study controls -->";
  private static final String CONTROLS = "/org/gistsweep/orchestrator/http/controls.js";
  private static final Pattern FILE = Pattern.compile("[a-z0-9-]+(/[a-z0-9-]+)?\\.(js|css)");

  private final String html;
  private final Buffer echarts;
  private final Map<String, Buffer> files = new ConcurrentHashMap<>();
  private final AtomicBoolean firstPageServed = new AtomicBoolean();
  private Runnable firstPage;

  private ConsolePage(String html, Buffer echarts) {
    this.html = html;
    this.echarts = echarts;
  }

  /** Loads the page and ECharts; fails naming what is missing. */
  static ConsolePage load() throws IOException {
    String html = new String(read(DIR + "console.html"), StandardCharsets.UTF_8);
    boolean controls = ConsolePage.class.getResource(CONTROLS) != null;
    html =
        html.replace(
            CONTROLS_MARKER, controls ? "<script src=\"/controls.js\" defer></script>" : "");
    return new ConsolePage(html, Buffer.buffer(read(ECHARTS_RESOURCE)));
  }

  /** Adds the page's GET routes to {@code router}. */
  void addTo(Router router) {
    router.get("/").handler(this::page);
    router.get("/studies/:id").handler(this::page);
    router.get("/studies/:id/:view").handler(this::page);
    router.get("/studies/:id/trials/:n").handler(this::page);
    router
        .get("/vendor/echarts.min.js")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/javascript; charset=utf-8")
                    .putHeader("Cache-Control", "public, max-age=86400")
                    .end(echarts));
    router.get("/console/:file").handler(this::file);
    router.get("/console/views/:file").handler(this::file);
  }

  /**
   * Runs {@code action} when the first console page is served (work that only a console user
   * needs).
   */
  void onFirstPage(Runnable action) {
    firstPage = action;
  }

  private void page(RoutingContext ctx) {
    if (firstPageServed.compareAndSet(false, true) && firstPage != null) {
      firstPage.run();
    }
    ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Frame-Options", "DENY")
        .end(html);
  }

  private void file(RoutingContext ctx) {
    String name = ctx.request().path().substring("/console/".length());
    Buffer body =
        FILE.matcher(name).matches() ? files.computeIfAbsent(name, ConsolePage::readOrNull) : null;
    if (body == null) {
      ctx.next();
      return;
    }
    String type =
        name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    ctx.response().putHeader("Content-Type", type).end(body);
  }

  private static Buffer readOrNull(String name) {
    try {
      return Buffer.buffer(read(DIR + name));
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] read(String resource) throws IOException {
    try (InputStream in = ConsolePage.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("resource " + resource + " not found on the classpath");
      }
      return in.readAllBytes();
    }
  }
}
