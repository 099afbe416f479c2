package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Tool;
import org.gistsweep.testsupport.Tools;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page's study controls ({@code controls.js} on {@code access.js}) driven headlessly in Node
 * against a real orchestrator, with a browser's cookie jar: the buttons follow the study's state,
 * cancel needs a confirmation, every change carries the XSRF cookie's value (and a stale one is
 * renewed and retried once), and with an API token no button shows until the token is given, which
 * opens an HttpOnly session cookie (the page keeps no token). Skipped without Node 20+ (Debian:
 * nodejs).
 */
@ExtendWith(VertxExtension.class)
@Tag(Tier.NODE)
class ControlsPageTest {
  private static final String TOKEN = "s3cr3t-t0ken-0123456789abcdef";
  private static final String DIR = "/org/gistsweep/orchestrator/http/";

  @TempDir Path dir;

  private String run(Vertx vertx, Optional<ApiToken> token) throws Exception {
    Tools.assume(Tool.NODE);
    assumeTrue(
        node20(),
        "node is older than 20 (no global fetch or CustomEvent): the headless controls check needs"
            + " Node 20+");
    StudyService service = new StudyService(vertx, new FakePublisher(), MutableClock.fixed());
    HttpVerticle http =
        new HttpVerticle(
            service, new HttpOptions("127.0.0.1", 0, Duration.ofMillis(200), token, true));
    vertx.deployVerticle(http).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    String id = service.submit(TestSpecs.random(4, 2, 2, 1)).get(10, TimeUnit.SECONDS);
    Path access = Files.writeString(dir.resolve("access.js"), resource("access.js"));
    Path script = Files.writeString(dir.resolve("controls.js"), resource("controls.js"));
    Path harness =
        Files.writeString(dir.resolve("controls-harness.js"), resource("controls-harness.js"));
    Process node =
        new ProcessBuilder(
                "node",
                harness.toString(),
                access.toString(),
                script.toString(),
                "http://127.0.0.1:" + http.actualPort(),
                id,
                token.isPresent() ? "token" : "open",
                TOKEN)
            .redirectErrorStream(true)
            .start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void onLoopbackTheButtonsFollowTheStateAndCancelAsksFirst(Vertx vertx) throws Exception {
    String out = run(vertx, Optional.empty());
    assertThat(out).contains("before study: []");
    assertThat(out)
        .contains(
            "running: [\"Pause\",\"Stop\",\"Cancel\u2026\",\"Set trials\",\"Enqueue\",\"Stop"
                + " trial\",\"Suspend trial\",\"Resume trial\"]");
    assertThat(out).contains("after pause: paused buttons: [\"Resume\",\"Stop\",\"Cancel\u2026\"");
    assertThat(out).contains("message: Pause: done, the study is paused.");
    assertThat(out)
        .contains(
            "asking: paused buttons: [\"Resume\",\"Stop\",\"Confirm cancel\",\"Keep running\"");
    assertThat(out).contains("kept: paused");
    assertThat(out).contains("after cancel: cancelled buttons: [\"Archive\"]");
    assertThat(out).contains("no resume: no button 'Resume'");
    assertThat(out).contains("events: [\"paused\",\"cancelled\"]");
    assertThat(out).contains("every change sent the XSRF cookie's value: true");
    assertThat(out)
        .contains(
            "stale token: 409 after POST /api/studies/",
            "/resume, GET /api/access, POST /api/studies/");
  }

  @Test
  void withATokenNoButtonShowsUntilTheTokenOpensASession(Vertx vertx) throws Exception {
    String out = run(vertx, Optional.of(ApiToken.of(TOKEN)));
    assertThat(out)
        .contains(
            "without token: [\"Use token\"] text: Controls need the orchestrator's API token");
    assertThat(out).contains("session: true page keeps the token: false");
    assertThat(out).contains("after pause: paused");
    assertThat(out).contains("after cancel: cancelled");
    assertThat(out).contains("every change sent the XSRF cookie's value: true");
  }

  private static boolean node20() {
    try {
      Process p =
          new ProcessBuilder(
                  "node",
                  "-e",
                  "process.exit(typeof fetch === 'function' && typeof CustomEvent === 'function' ?"
                      + " 0 : 1)")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ControlsPageTest.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IOException(DIR + name + " is not on the test classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
