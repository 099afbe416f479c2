package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAPI document against the router: every route the router serves is documented and the
 * document names nothing else; the document, the Swagger UI page and the operations endpoints
 * answer, and what they answer conforms to the document.
 */
@ExtendWith(VertxExtension.class)
class OpenApiRoutesTest {
  private HttpVerticle http;
  private RecordingClient recording;
  private WebClient client;
  private int port;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    StudyService service = new StudyService(vertx, new FakePublisher(), MutableClock.fixed());
    service.recover().get(10, TimeUnit.SECONDS);
    http = new HttpVerticle(service, "127.0.0.1", 0, Duration.ofMillis(200));
    await(vertx.deployVerticle(http));
    port = http.actualPort();
    recording = new RecordingClient(vertx);
    client = recording.client();
  }

  @AfterEach
  void conform() {
    recording.assertConform();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> get(String path) throws Exception {
    return await(client.get(port, "127.0.0.1", path).send());
  }

  @Test
  void everyRouteOfTheRouterIsDocumentedAndNothingElse() {
    Set<String> served = new TreeSet<>();
    for (Route r : http.router().getRoutes()) {
      if (r.getPath() == null) {
        continue; // handlers on every request (headers, authentication)
      }
      assertThat(r.methods()).as("methods of %s", r.getPath()).isNotEmpty();
      for (HttpMethod m : r.methods()) {
        served.add(m.name() + " " + r.getPath().replaceAll(":(\\w+)", "{$1}"));
      }
    }
    assertThat(served).as("routes served").isNotEmpty();
    assertThat(OpenApiContract.load().operations()).isEqualTo(served);
  }

  @Test
  void theDocumentIsServedAndIsOpenApi31() throws Exception {
    HttpResponse<Buffer> r = get("/api/openapi.json");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode served = OpenApiContract.JSON.readTree(r.bodyAsString());
    assertThat(served).isEqualTo(OpenApiContract.load().document);
    assertThat(served.get("openapi").asText()).startsWith("3.1.");
    JsonNode error = served.at("/components/schemas/Error/properties");
    assertThat(error.has("error") && error.has("field")).isTrue();
  }

  @Test
  void swaggerUiIsServedFromTheJarUnderTheStrictPolicyWithoutInlineScript() throws Exception {
    HttpResponse<Buffer> page = get("/api/docs");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Security-Policy")).isEqualTo(ConsolePage.CSP);
    String html = page.bodyAsString();
    assertThat(html).doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>|\\son\\w+=");
    for (String asset : ApiDocs.ASSETS.keySet()) {
      assertThat(html).as("the page loads %s", asset).contains("/api/docs/" + asset);
      HttpResponse<Buffer> r = get("/api/docs/" + asset);
      assertThat(r.statusCode()).as(asset).isEqualTo(200);
      assertThat(r.getHeader("Content-Type")).isEqualTo(ApiDocs.ASSETS.get(asset));
    }
    assertThat(get("/api/docs/swagger-ui-bundle.js").bodyAsString()).contains("SwaggerUIBundle");
    assertThat(html).contains("data-spec=\"/api/openapi.json\"");
    assertThat(get("/api/docs/init.js").bodyAsString()).contains("SwaggerUIBundle(");
    HttpResponse<Buffer> missing = get("/api/docs/secret.txt");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getString("error")).contains("secret.txt");
  }

  @Test
  void healthAndMetricsAnswer() throws Exception {
    HttpResponse<Buffer> live = get("/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.bodyAsJsonObject().getString("status")).isEqualTo("UP");
    HttpResponse<Buffer> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getJsonObject("checks").getMap())
        .containsEntry("journal_replayed", "UP")
        .containsEntry("broker", "UP")
        .containsEntry("http", "UP");
    HttpResponse<Buffer> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.getHeader("Content-Type")).startsWith("text/plain");
    assertThat(metrics.bodyAsString())
        .contains("gist_sse_clients", "gist_studies{state=\"running\"}", "jvm_memory_used_bytes");
    assertThat(get("/api/metrics").statusCode()).isEqualTo(200);
  }
}
