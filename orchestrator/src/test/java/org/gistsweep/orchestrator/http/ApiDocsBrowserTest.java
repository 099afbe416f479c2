package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.testsupport.RequiresTool;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Tool;
import org.gistsweep.testsupport.Tools;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swagger UI really runs under the page's strict Content-Security-Policy: headless Chromium loads
 * {@code /api/docs} and the rendered page lists every path of the OpenAPI document, with no policy
 * violation reported.
 */
@ExtendWith(VertxExtension.class)
@RequiresTool(Tool.CHROMIUM)
@Tag(Tier.BROWSER)
class ApiDocsBrowserTest {
  @TempDir Path dir;

  @Test
  void swaggerUiRendersEveryPathUnderTheStrictPolicy(Vertx vertx) throws Exception {
    StudyService service = new StudyService(vertx, new FakePublisher(), MutableClock.fixed());
    HttpVerticle http = new HttpVerticle(service, "127.0.0.1", 0, Duration.ofSeconds(15));
    vertx.deployVerticle(http).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    Path dom = dir.resolve("dom.html");
    Path log = dir.resolve("chromium.log");
    Process chromium =
        new ProcessBuilder(
                Tools.chromiumBinary().toString(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + dir.resolve("profile"),
                "--virtual-time-budget=15000",
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
                "http://127.0.0.1:" + http.actualPort() + "/api/docs")
            .redirectOutput(dom.toFile())
            .redirectError(log.toFile())
            .start();
    assertThat(chromium.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();

    String page = Files.readString(dom, StandardCharsets.UTF_8);
    for (String op : OpenApiContract.load().operations()) {
      String path = op.substring(op.indexOf(' ') + 1);
      assertThat(page).as("Swagger UI shows %s", path).contains("data-path=\"" + path + "\"");
    }
    assertThat(Files.readString(log, StandardCharsets.UTF_8))
        .doesNotContain("Content Security Policy", "Refused to");
  }
}
