package org.gistsweep.orchestrator.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

/**
 * The API's contract and its browser: {@code GET /api/openapi.json} (OpenAPI 3.1, the resource
 * {@code openapi.json} next to this class) and {@code GET /api/docs}, Swagger UI served from the
 * {@code org.webjars:swagger-ui} jar under the console's strict Content-Security-Policy. Swagger
 * UI's own index.html starts it with an inline script, which that policy forbids, so the page here
 * is our own HTML with an external initializer ({@code /api/docs/init.js}).
 */
final class ApiDocs {
  private static final String DIR = "/org/gistsweep/orchestrator/http/";
  private static final String WEBJAR_POM = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";

  /** The assets under {@code /api/docs/}, with their content types. */
  static final Map<String, String> ASSETS =
      Map.of(
          "init.js", "text/javascript; charset=utf-8",
          "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
          "swagger-ui.css", "text/css; charset=utf-8",
          "docs.css", "text/css; charset=utf-8");

  private final Buffer openApi;
  private final Buffer page;
  private final Map<String, Buffer> assets;

  private ApiDocs(Buffer openApi, Buffer page, Map<String, Buffer> assets) {
    this.openApi = openApi;
    this.page = page;
    this.assets = assets;
  }

  /** Loads the document, the page and the Swagger UI files; fails naming what is missing. */
  static ApiDocs load() throws IOException {
    String webjar = "/META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/";
    return new ApiDocs(
        read(DIR + "openapi.json"),
        read(DIR + "api-docs.html"),
        Map.of(
            "init.js", read(DIR + "api-docs.js"),
            "docs.css", read(DIR + "api-docs.css"),
            "swagger-ui-bundle.js", read(webjar + "swagger-ui-bundle.js"),
            "swagger-ui.css", read(webjar + "swagger-ui.css")));
  }

  /** Adds {@code /api/openapi.json}, {@code /api/docs} and {@code /api/docs/:asset}. */
  void addTo(Router router) {
    router
        .get("/api/openapi.json")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(openApi));
    router
        .get("/api/docs")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Content-Security-Policy", ConsolePage.CSP)
                    .putHeader("X-Frame-Options", "DENY")
                    .end(page));
    router
        .get("/api/docs/:asset")
        .handler(
            ctx -> {
              String name = ctx.pathParam("asset");
              Buffer body = assets.get(name);
              if (body == null) {
                JsonReplies.error(
                    ctx,
                    404,
                    "no asset '" + name + "' under /api/docs/; the page is GET /api/docs",
                    null);
                return;
              }
              ctx.response()
                  .putHeader("Content-Type", ASSETS.get(name))
                  .putHeader("Cache-Control", "max-age=3600")
                  .end(body);
            });
  }

  private static String webjarVersion() throws IOException {
    try (InputStream in = ApiDocs.class.getResourceAsStream(WEBJAR_POM)) {
      if (in == null) {
        throw new IOException(
            "the Swagger UI webjar (org.webjars:swagger-ui) is not on the classpath");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    }
  }

  private static Buffer read(String path) throws IOException {
    try (InputStream in = ApiDocs.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("resource " + path + " not found");
      }
      return Buffer.buffer(in.readAllBytes());
    }
  }
}
