package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.testsupport.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code --read-token}: reads of data, both event streams and {@code /metrics} need the bearer
 * token or a console session (POST /api/session); pages, their assets, {@code /health/*}, {@code
 * /api/access} and the API docs stay open. A session counts as the token for reads and, with the
 * XSRF header, for changes.
 */
@ExtendWith(VertxExtension.class)
class ReadTokenTest {
  private static final String TOKEN = "s3cr3t-t0ken-0123456789abcdef";
  private static final String BEARER = "Bearer " + TOKEN;
  private static final String STUDY =
      "{\"name\": \"reads\", \"directions\": [\"maximize\"], \"space\": {\"x\": {\"type\":"
          + " \"float\", \"low\": 0, \"high\": 1}}}";

  private Vertx vertx;
  private StudyService service;
  private RecordingClient recording;
  private WebClient client;
  private int port;
  private String id;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    service = new StudyService(vertx, new FakePublisher(), MutableClock.fixed());
    service.recover().get(10, TimeUnit.SECONDS);
    port = start();
    recording = new RecordingClient(vertx);
    client = recording.client();
    HttpResponse<Buffer> created =
        send(
            client.post(port, "127.0.0.1", "/api/studies"), STUDY, Map.of("Authorization", BEARER));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    id = created.bodyAsJsonObject().getString("id");
  }

  private int start() throws Exception {
    HttpVerticle http =
        new HttpVerticle(
            service,
            new HttpOptions(
                "127.0.0.1",
                0,
                Duration.ofMillis(200),
                Optional.of(ApiToken.of(TOKEN)),
                true,
                new WebAccess(List.of(), List.of(), true)));
    await(vertx.deployVerticle(http));
    return http.actualPort();
  }

  @AfterEach
  void stillServingAndConforming() throws Exception {
    assertThat(get("/health/live", Map.of()).statusCode()).isEqualTo(200);
    assertThat(get("/api/studies", Map.of("Authorization", BEARER)).statusCode()).isEqualTo(200);
    recording.assertConform();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> send(
      HttpRequest<Buffer> request, String body, Map<String, String> headers) throws Exception {
    request.putHeader("Content-Type", "application/json");
    headers.forEach(request::putHeader);
    return await(request.sendBuffer(Buffer.buffer(body)));
  }

  private HttpResponse<Buffer> get(String path, Map<String, String> headers) throws Exception {
    HttpRequest<Buffer> request = client.get(port, "127.0.0.1", path);
    headers.forEach(request::putHeader);
    return await(request.send());
  }

  /** The status and content type of an event stream's answer (the stream itself never ends). */
  private RawHttp.Response stream(String path, String header) throws Exception {
    return RawHttp.send(
        port,
        "GET "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + (header == null ? "" : "\r\n" + header),
        "",
        true);
  }

  private static String cookieValue(HttpResponse<Buffer> r, String name) {
    return r.cookies().stream()
        .filter(c -> c.startsWith(name + "="))
        .findFirst()
        .map(c -> c.substring(name.length() + 1, c.indexOf(';')))
        .orElseThrow(() -> new AssertionError("no cookie " + name + " in " + r.cookies()));
  }

  @Test
  void readsOfDataNeedTheTokenAndPagesAndHealthStayOpen() throws Exception {
    for (String path :
        List.of(
            "/api/studies",
            "/api/studies/" + id,
            "/api/studies/" + id + "/trials",
            "/api/studies/" + id + "/importance",
            "/api/studies/" + id + "/ablation",
            "/api/metrics",
            "/metrics",
            "/api/studies/",
            "/api//studies",
            "/api/docs/../studies")) {
      HttpResponse<Buffer> without = get(path, Map.of());
      assertThat(without.statusCode()).as("GET %s without the token", path).isEqualTo(401);
      assertThat(without.getHeader("WWW-Authenticate")).startsWith("Bearer");
      assertThat(without.bodyAsJsonObject().fieldNames()).containsOnly("error");
      assertThat(without.bodyAsJsonObject().getString("error"))
          .contains("--read-token", "Authorization: Bearer");
      assertThat(
              get(path, Map.of("Authorization", "Bearer " + TOKEN + "x"))
                  .getHeader("WWW-Authenticate"))
          .contains("invalid_token");
    }
    assertThat(
            get("/api/studies/" + id + "/trials", Map.of("Authorization", BEARER))
                .bodyAsJsonObject()
                .getString("id"))
        .isEqualTo(id);
    assertThat(get("/metrics", Map.of("Authorization", BEARER)).bodyAsString())
        .contains("gist_sse_clients");
    for (String open :
        List.of(
            "/",
            "/studies/" + id,
            "/console/app.js",
            "/vendor/echarts.min.js",
            "/controls.js",
            "/access.js",
            "/api/access",
            "/api/openapi.json",
            "/api/docs",
            "/api/docs/init.js",
            "/health/live",
            "/health/ready")) {
      assertThat(get(open, Map.of()).statusCode())
          .as("GET %s without the token", open)
          .isEqualTo(200);
    }
    JsonObject access = get("/api/access", Map.of()).bodyAsJsonObject();
    assertThat(access.getMap())
        .containsEntry("token_required", true)
        .containsEntry("read_token_required", true)
        .containsEntry("authenticated", false);
    assertThat(
            get("/api/access", Map.of("Authorization", BEARER))
                .bodyAsJsonObject()
                .getBoolean("authenticated"))
        .isTrue();
  }

  @Test
  void bothEventStreamsNeedTheToken() throws Exception {
    for (String path : List.of("/api/events", "/api/studies/" + id + "/events")) {
      assertThat(stream(path, null).status()).as(path).isEqualTo(401);
      RawHttp.Response with = stream(path, "Authorization: " + BEARER);
      assertThat(with.status()).as(path).isEqualTo(200);
      assertThat(with.headers().get("content-type")).startsWith("text/event-stream");
    }
  }

  @Test
  void aSessionCookieStandsForTheTokenIncludingTheEventStreams() throws Exception {
    HttpResponse<Buffer> wrong =
        send(
            client.post(port, "127.0.0.1", "/api/session"),
            "{\"token\": \"" + TOKEN + "x\"}",
            Map.of());
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.cookies()).isEmpty();
    assertThat(
            send(client.post(port, "127.0.0.1", "/api/session"), "{\"secret\": \"x\"}", Map.of())
                .statusCode())
        .isEqualTo(400);

    String xsrf = cookieValue(get("/", Map.of()), XsrfToken.COOKIE);
    HttpResponse<Buffer> opened =
        send(
            client.post(port, "127.0.0.1", "/api/session"),
            "{\"token\": \"" + TOKEN + "\"}",
            Map.of(
                "Origin",
                "http://127.0.0.1:" + port,
                "Cookie",
                XsrfToken.COOKIE + "=" + xsrf,
                XsrfToken.HEADER,
                xsrf));
    assertThat(opened.statusCode()).as(opened.bodyAsString()).isEqualTo(200);
    String setCookie =
        opened.cookies().stream()
            .filter(c -> c.startsWith(SessionCookie.COOKIE + "="))
            .findFirst()
            .orElseThrow();
    assertThat(setCookie)
        .contains("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200")
        .doesNotContain(TOKEN);
    String session = SessionCookie.COOKIE + "=" + cookieValue(opened, SessionCookie.COOKIE);
    String cookies = session + "; " + XsrfToken.COOKIE + "=" + xsrf;

    assertThat(get("/api/studies", Map.of("Cookie", cookies)).statusCode()).isEqualTo(200);
    assertThat(get("/metrics", Map.of("Cookie", cookies)).statusCode()).isEqualTo(200);
    assertThat(
            get("/api/access", Map.of("Cookie", cookies))
                .bodyAsJsonObject()
                .getBoolean("authenticated"))
        .isTrue();
    for (String path : List.of("/api/events", "/api/studies/" + id + "/events")) {
      assertThat(stream(path, "Cookie: " + cookies).status()).as(path).isEqualTo(200);
    }

    String pause = "/api/studies/" + id + "/pause";
    HttpResponse<Buffer> noXsrf =
        send(client.post(port, "127.0.0.1", pause), "", Map.of("Cookie", cookies));
    assertThat(noXsrf.statusCode()).as("a session alone never changes state").isEqualTo(403);
    HttpResponse<Buffer> paused =
        send(
            client.post(port, "127.0.0.1", pause),
            "",
            Map.of("Cookie", cookies, XsrfToken.HEADER, xsrf));
    assertThat(paused.statusCode()).as(paused.bodyAsString()).isEqualTo(200);
    assertThat(paused.bodyAsJsonObject().getString("state")).isEqualTo("paused");

    HttpResponse<Buffer> closed =
        send(
            client.delete(port, "127.0.0.1", "/api/session"),
            "",
            Map.of("Cookie", cookies, XsrfToken.HEADER, xsrf));
    assertThat(closed.statusCode()).isEqualTo(200);
    assertThat(closed.cookies())
        .anySatisfy(
            c -> assertThat(c).startsWith(SessionCookie.COOKIE + "=;").contains("Max-Age=0"));
  }

  @Test
  void aForgedOrAnotherServersSessionIsNoSession() throws Exception {
    String value =
        cookieValue(
            send(
                client.post(port, "127.0.0.1", "/api/session"),
                "{\"token\": \"" + TOKEN + "\"}",
                Map.of()),
            SessionCookie.COOKIE);
    String expiry = value.substring(0, value.indexOf('.'));
    for (String forged :
        List.of(
            "9999999999." + value.substring(value.indexOf('.') + 1),
            expiry + ".AAAA",
            expiry,
            "",
            "x.y")) {
      assertThat(
              get("/api/studies", Map.of("Cookie", SessionCookie.COOKIE + "=" + forged))
                  .statusCode())
          .as(forged)
          .isEqualTo(401);
    }
    int restarted = start();
    HttpResponse<Buffer> other =
        await(
            client
                .get(restarted, "127.0.0.1", "/api/studies")
                .putHeader("Cookie", SessionCookie.COOKIE + "=" + value)
                .send());
    assertThat(other.statusCode()).as("a session of another server run").isEqualTo(401);
    assertThat(
            get("/api/studies", Map.of("Cookie", SessionCookie.COOKIE + "=" + value)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void withoutATokenThereIsNoReadTokenAndNoSession(Vertx vertx) throws Exception {
    assertThatThrownBy(
            () ->
                new HttpOptions(
                    "127.0.0.1",
                    0,
                    Duration.ofSeconds(1),
                    Optional.empty(),
                    true,
                    new WebAccess(List.of(), List.of(), true)))
        .isInstanceOf(UnprotectedReadsException.class)
        .hasMessageContaining("--read-token")
        .hasMessageContaining("--api-token-file")
        .hasMessageContaining("GIST_API_TOKEN");
    HttpVerticle open = new HttpVerticle(service, "127.0.0.1", 0, Duration.ofMillis(200));
    await(vertx.deployVerticle(open));
    HttpResponse<Buffer> session =
        send(
            client.post(open.actualPort(), "127.0.0.1", "/api/session"),
            "{\"token\": \"" + TOKEN + "\"}",
            Map.of());
    assertThat(session.statusCode()).isEqualTo(409);
    assertThat(session.bodyAsJsonObject().getString("error")).contains("no API token");
    JsonObject access =
        await(client.get(open.actualPort(), "127.0.0.1", "/api/access").send()).bodyAsJsonObject();
    assertThat(access.getMap())
        .containsEntry("token_required", false)
        .containsEntry("read_token_required", false)
        .containsEntry("authenticated", false);
  }
}
