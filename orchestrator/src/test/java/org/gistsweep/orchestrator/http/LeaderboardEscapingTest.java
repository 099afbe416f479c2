package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.testsupport.Tool;
import org.gistsweep.testsupport.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.gistsweep.testsupport.Tier;

/**
 * User strings (study ids, parameter names and values, worker ids, error messages) are shown as
 * text, never as markup: in the JSON the server sends, and in the leaderboard page that renders it.
 */
@ExtendWith(VertxExtension.class)
@Tag(Tier.NODE)
class LeaderboardEscapingTest {
  private static final String XSS = "<img src=x onerror=alert(1)>";
  private static final String ESCAPED = "&lt;img src=x onerror=alert(1)&gt;";
  private static final String DIR = "/org/gistsweep/orchestrator/http/";

  @TempDir Path dir;

  @Test
  void thePageInsertsNoMarkup() throws IOException {
    for (String script : new String[] {"leaderboard.js", "controls.js"}) {
      String code = resource(script).lines().filter(l -> !l.strip().startsWith("//")).collect(java.util.stream.Collectors.joining("\n"));
      assertThat(code).as(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
          "setAttribute(\"on", "javascript:");
    }
    assertThat(resource("leaderboard.html")).doesNotContain("<script>").doesNotContainPattern("\\son[a-z]+\\s*=").contains("<script src=\"/leaderboard.js\">")
        .contains("<script src=\"/controls.js\">").contains("<div id=\"study-controls\" data-study=\"\">");
  }

  @Test
  void hostileStringsRenderAsText(Vertx vertx) throws Exception {
    Tools.assume(Tool.NODE);
    StudyService service = new StudyService(vertx, new FakePublisher(), MutableClock.fixed());
    HttpVerticle http = new HttpVerticle(service, "127.0.0.1", 0, Duration.ofMillis(200));
    await(vertx.deployVerticle(http));
    WebClient client = WebClient.create(vertx);
    int port = http.actualPort();

    HttpResponse<Buffer> refused = await(client.post(port, "127.0.0.1", "/api/studies").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(
        new JsonObject().put("name", XSS).put("directions", new JsonArray().add("maximize")).encode())));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.getHeader("Content-Type")).startsWith("application/json");
    assertThat(refused.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");

    JsonObject space = new JsonObject().put(XSS, new JsonObject().put("type", "categorical").put("choices", new JsonArray().add(XSS)));
    HttpResponse<Buffer> created = await(client.post(port, "127.0.0.1", "/api/studies").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(
        new JsonObject().put("name", "xss").put("directions", new JsonArray().add("maximize")).put("space", space).encode())));
    String id = created.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> asked = await(client.post(port, "127.0.0.1", "/api/studies/" + id + "/ask").putHeader("Content-Type", "application/json").send());
    assertThat(asked.bodyAsJsonObject().getJsonObject("params").getString(XSS)).isEqualTo(XSS);

    JsonObject studies = await(client.get(port, "127.0.0.1", "/api/studies").send()).bodyAsJsonObject();
    JsonObject snapshot = await(client.get(port, "127.0.0.1", "/api/studies/" + id + "/trials").send()).bodyAsJsonObject();
    studies.getJsonArray("studies").getJsonObject(0).put("id", XSS).put("state", XSS);
    snapshot.put("metric", XSS).put("pruner", XSS).put("state", XSS);
    snapshot.getJsonArray("trials").getJsonObject(0).put("worker", XSS).put("error", new JsonObject().put("type", XSS).put("message", XSS));

    String html = renderHeadless(studies, snapshot);

    assertThat(html).doesNotContain("<img");
    assertThat(html).contains("events: /api/studies/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E/events");
    assertThat(html.split("\n")).filteredOn(l -> l.startsWith("rows: ")).singleElement().satisfies(rows -> assertThat(rows)
        .contains(ESCAPED + "=" + ESCAPED, "<td>" + ESCAPED + "</td>", "title=\"" + ESCAPED + ": " + ESCAPED + "\""));
    assertThat(html).contains("<option value=\"" + ESCAPED + "\">" + ESCAPED + " (" + ESCAPED + ")</option>");
    assertThat(html).contains("best " + ESCAPED + " (maximize)", "compute saved (" + ESCAPED + ")");
  }

  private String renderHeadless(JsonObject studies, JsonObject snapshot) throws Exception {
    Path page = Files.writeString(dir.resolve("leaderboard.js"), resource("leaderboard.js"));
    Path shim = Files.writeString(dir.resolve("dom-shim.js"), resource("dom-shim.js"));
    Path studiesFile = Files.writeString(dir.resolve("studies.json"), studies.encode());
    Path snapshotFile = Files.writeString(dir.resolve("snapshot.json"), snapshot.encode());
    Process node = new ProcessBuilder("node", shim.toString(), page.toString(), studiesFile.toString(), snapshotFile.toString())
        .redirectErrorStream(true)
        .start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).as(out).isZero();
    return out;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = LeaderboardEscapingTest.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IOException(DIR + name + " is not on the test classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
