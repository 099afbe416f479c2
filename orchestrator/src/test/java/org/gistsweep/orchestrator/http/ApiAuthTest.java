package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With a token, every call that changes state needs it; reads stay open. */
@ExtendWith(VertxExtension.class)
class ApiAuthTest {
  private static final String TOKEN = "s3cr3t-t0ken-0123456789abcdef";
  private static final String STUDY =
      "{\"name\": \"auth\", \"directions\": [\"maximize\"], \"space\": {\"x\": {\"type\":"
          + " \"float\", \"low\": 0, \"high\": 1}}}";

  private WebClient client;
  private RecordingClient recording;
  private int port;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    StudyService service = new StudyService(vertx, new FakePublisher(), MutableClock.fixed());
    HttpVerticle http =
        new HttpVerticle(
            service,
            new HttpOptions(
                "127.0.0.1", 0, Duration.ofMillis(200), Optional.of(ApiToken.of(TOKEN)), true));
    await(vertx.deployVerticle(http));
    port = http.actualPort();
    recording = new RecordingClient(vertx);
    client = recording.client();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> post(String path, String body, String authorization)
      throws Exception {
    HttpRequest<Buffer> request =
        client.post(port, "127.0.0.1", path).putHeader("Content-Type", "application/json");
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return await(request.sendBuffer(Buffer.buffer(body)));
  }

  @AfterEach
  void everyExchangeConformsToTheOpenApiDocument() {
    recording.assertConform();
  }

  @Test
  void stateChangingCallsWithoutTheTokenAre401WithAChallenge() throws Exception {
    HttpResponse<Buffer> none = post("/api/studies", STUDY, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertThat(none.bodyAsJsonObject().getString("error")).contains("Authorization: Bearer");

    HttpResponse<Buffer> wrong = post("/api/studies", STUDY, "Bearer " + TOKEN + "x");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.getHeader("WWW-Authenticate")).contains("invalid_token");

    assertThat(post("/api/studies", STUDY, "Basic " + TOKEN).statusCode()).isEqualTo(401);
    assertThat(post("/api/studies/any/ask", "", null).statusCode()).isEqualTo(401);
    assertThat(post("/api/studies/any/tell", "{}", null).statusCode()).isEqualTo(401);
    assertThat(post("/api/studies/any/trials/0/report", "{}", null).statusCode()).isEqualTo(401);
    assertThat(
            await(
                    client
                        .delete(port, "127.0.0.1", "/api/studies/any")
                        .putHeader("Content-Type", "application/json")
                        .send())
                .statusCode())
        .isEqualTo(401);
    assertThat(
            await(client.get(port, "127.0.0.1", "/api/studies").send())
                .bodyAsJsonObject()
                .getJsonArray("studies"))
        .isEmpty();
  }

  @Test
  void theTokenOpensAskAndTellAndReadsNeedNone() throws Exception {
    HttpResponse<Buffer> created = post("/api/studies", STUDY, "Bearer " + TOKEN);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String id = created.bodyAsJsonObject().getString("id");
    assertThat(post("/api/studies/" + id + "/ask", "", "bearer " + TOKEN).statusCode())
        .isEqualTo(200);
    assertThat(
            post(
                    "/api/studies/" + id + "/tell",
                    "{\"trial\": 0, \"value\": 0.5}",
                    "Bearer " + TOKEN)
                .statusCode())
        .isEqualTo(200);

    HttpResponse<Buffer> trials =
        await(client.get(port, "127.0.0.1", "/api/studies/" + id + "/trials").send());
    assertThat(trials.statusCode()).isEqualTo(200);
    assertThat(trials.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    HttpResponse<Buffer> page = await(client.get(port, "127.0.0.1", "/").send());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Security-Policy"))
        .contains("script-src 'self'")
        .doesNotContain("unsafe-inline");
    assertThat(await(client.get(port, "127.0.0.1", "/controls.js").send()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aNonLoopbackBindNeedsAToken() {
    assertThatThrownBy(
            () -> new HttpOptions("0.0.0.0", 0, Duration.ofSeconds(1), Optional.empty(), true))
        .isInstanceOf(UnprotectedApiException.class)
        .hasMessageContaining("0.0.0.0")
        .hasMessageContaining("--api-token-file")
        .hasMessageContaining("GIST_API_TOKEN");
    assertThat(
            new HttpOptions(
                    "0.0.0.0", 0, Duration.ofSeconds(1), Optional.of(ApiToken.of(TOKEN)), true)
                .token())
        .isPresent();
    assertThat(
            new HttpOptions("localhost", 0, Duration.ofSeconds(1), Optional.empty(), true).token())
        .isEmpty();
  }

  @Test
  void loopbackIsRecognised() {
    assertThat(BindPolicy.isLoopback("127.0.0.1")).isTrue();
    assertThat(BindPolicy.isLoopback("127.3.2.1")).isTrue();
    assertThat(BindPolicy.isLoopback("localhost")).isTrue();
    assertThat(BindPolicy.isLoopback("::1")).isTrue();
    assertThat(BindPolicy.isLoopback("[::1]")).isTrue();
    assertThat(BindPolicy.isLoopback("0.0.0.0")).isFalse();
    assertThat(BindPolicy.isLoopback("::")).isFalse();
    assertThat(BindPolicy.isLoopback("10.1.2.3")).isFalse();
    assertThat(BindPolicy.isLoopback("no-such-host.invalid")).isFalse();
  }

  @Test
  void tokensAreLongEnoughComparedByValueAndNeverShown() {
    assertThatThrownBy(() -> ApiToken.of("short"))
        .hasMessageContaining("at least 16")
        .hasMessageContaining("openssl rand");
    assertThatThrownBy(() -> ApiToken.of("has spaces in the middle ok"))
        .hasMessageContaining("letters, digits");
    ApiToken token = ApiToken.of("  " + TOKEN + "\n");
    assertThat(token.matches(TOKEN)).isTrue();
    assertThat(token.matches(TOKEN.substring(1))).isFalse();
    assertThat(token.matches(null)).isFalse();
    assertThat(token.toString()).doesNotContain(TOKEN);
  }
}
