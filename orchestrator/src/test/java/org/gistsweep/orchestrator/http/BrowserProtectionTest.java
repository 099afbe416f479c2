package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.testsupport.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attacks of issue 22 on the HTTP API, each answered 4xx naming the header and the fix, with
 * nothing changed and the server still serving: a page on another origin posting text/plain or
 * JSON, {@code Origin: null}, a DNS-rebinding {@code Host} on reads, event streams and posts,
 * multipart bodies (never stored), and a browser call without the console's XSRF token. What is not
 * an attack passes: loopback names, IP addresses and allowed names, allowed origins (with CORS),
 * HTTP/1.0 health checks, the console with its token, curl-like programs.
 */
@ExtendWith(VertxExtension.class)
class BrowserProtectionTest {
  private static final String STUDY =
      "{\"name\": \"target\", \"directions\": [\"maximize\"], \"space\": {\"x\": {\"type\":"
          + " \"float\", \"low\": 0, \"high\": 1}}}";
  private static final String EVIL = "http://evil.example";

  private Vertx vertx;
  private StudyService service;
  private RecordingClient recording;
  private WebClient client;
  private int port;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    service = new StudyService(vertx, new FakePublisher(), MutableClock.fixed());
    service.recover().get(10, TimeUnit.SECONDS);
    port = start(new WebAccess(List.of("http://localhost:3000"), List.of("orchestrator"), false));
    recording = new RecordingClient(vertx);
    client = recording.client();
  }

  private int start(WebAccess access) throws Exception {
    HttpVerticle http =
        new HttpVerticle(
            service,
            new HttpOptions(
                "127.0.0.1", 0, Duration.ofMillis(200), Optional.empty(), true, access));
    await(vertx.deployVerticle(http));
    return http.actualPort();
  }

  @AfterEach
  void stillServingAndConforming() throws Exception {
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    assertThat(get("/api/studies").statusCode()).isEqualTo(200);
    recording.assertConform();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> get(String path) throws Exception {
    return await(client.get(port, "127.0.0.1", path).send());
  }

  private HttpResponse<Buffer> send(
      HttpMethod method, String path, String body, Map<String, String> headers) throws Exception {
    var request = client.request(method, port, "127.0.0.1", path);
    headers.forEach(request::putHeader);
    return await(request.sendBuffer(Buffer.buffer(body)));
  }

  private HttpResponse<Buffer> post(String path, String body, Map<String, String> headers)
      throws Exception {
    return send(HttpMethod.POST, path, body, headers);
  }

  private String create() throws Exception {
    HttpResponse<Buffer> created =
        post("/api/studies", STUDY, Map.of("Content-Type", "application/json"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  private int studies() throws Exception {
    return get("/api/studies").bodyAsJsonObject().getJsonArray("studies").size();
  }

  private String state(String id) throws Exception {
    return get("/api/studies/" + id).bodyAsJsonObject().getString("state");
  }

  private static JsonObject refused(HttpResponse<Buffer> r, int status, String field) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("field")).isEqualTo(field);
    return body;
  }

  @Test
  void aCrossOriginTextPlainPostIs415AndChangesNothing() throws Exception {
    String id = create();
    JsonObject error =
        refused(
            post("/api/studies", STUDY, Map.of("Origin", EVIL, "Content-Type", "text/plain")),
            415,
            "Content-Type");
    assertThat(error.getString("error"))
        .contains(
            "Content-Type: application/json",
            "got text/plain",
            "curl -H 'Content-Type: application/json'");
    refused(
        post(
            "/api/studies/" + id + "/cancel",
            "",
            Map.of("Origin", EVIL, "Content-Type", "text/plain;charset=UTF-8")),
        415,
        "Content-Type");
    refused(
        post(
            "/api/studies/" + id + "/cancel",
            "a=b",
            Map.of("Origin", EVIL, "Content-Type", "application/x-www-form-urlencoded")),
        415,
        "Content-Type");
    refused(post("/api/studies/" + id + "/pause", "", Map.of()), 415, "Content-Type");
    refused(send(HttpMethod.DELETE, "/api/studies/" + id, "", Map.of()), 415, "Content-Type");
    assertThat(studies()).isEqualTo(1);
    assertThat(state(id)).isEqualTo("running");
  }

  @Test
  void aCrossOriginJsonPostToCreateOrCancelIs403() throws Exception {
    String id = create();
    JsonObject error =
        refused(
            post("/api/studies", STUDY, Map.of("Origin", EVIL, "Content-Type", "application/json")),
            403,
            "Origin");
    assertThat(error.getString("error")).contains(EVIL, "--allowed-origin");
    refused(
        post(
            "/api/studies/" + id + "/cancel",
            "",
            Map.of("Origin", EVIL, "Content-Type", "application/json")),
        403,
        "Origin");
    // another port of the same host is another origin, even though it shares the cookies
    refused(
        post(
            "/api/studies/" + id + "/cancel",
            "",
            Map.of("Origin", "http://127.0.0.1:9", "Content-Type", "application/json")),
        403,
        "Origin");
    assertThat(studies()).isEqualTo(1);
    assertThat(state(id)).isEqualTo("running");
  }

  @Test
  void originNullIsRefused() throws Exception {
    String id = create();
    JsonObject error =
        refused(
            post(
                "/api/studies/" + id + "/cancel",
                "",
                Map.of("Origin", "null", "Content-Type", "application/json")),
            403,
            "Origin");
    assertThat(error.getString("error")).contains("Origin: null", "--allowed-origin");
    assertThat(state(id)).isEqualTo("running");
  }

  @Test
  void aForeignHostIsRefusedOnReadsEventStreamsPostsAndPages() throws Exception {
    String id = create();
    RawHttp.Response read = RawHttp.get(port, "/api/studies", "attacker.example:" + port);
    assertThat(read.status()).isEqualTo(403);
    assertThat(new JsonObject(read.body()).getString("field")).isEqualTo("Host");
    assertThat(new JsonObject(read.body()).getString("error"))
        .contains("attacker.example", "--allowed-host attacker.example", "DNS rebinding");
    assertThat(read.body()).doesNotContain(id);
    RawHttp.Response stream =
        RawHttp.get(port, "/api/studies/" + id + "/events", "attacker.example:" + port);
    assertThat(stream.status()).isEqualTo(403);
    assertThat(stream.body()).doesNotContain("snapshot");
    assertThat(RawHttp.get(port, "/api/events", "attacker.example").status()).isEqualTo(403);
    assertThat(RawHttp.get(port, "/metrics", "attacker.example").status()).isEqualTo(403);
    assertThat(RawHttp.get(port, "/", "attacker.example").status()).isEqualTo(403);
    assertThat(RawHttp.get(port, "/console/app.js", "ATTACKER.example.").status()).isEqualTo(403);
    RawHttp.Response posted =
        RawHttp.send(
            port,
            "POST /api/studies/"
                + id
                + "/cancel HTTP/1.1\r\nHost: attacker.example:"
                + port
                + "\r\nOrigin: http://attacker.example:"
                + port
                + "\r\nContent-Type: application/json",
            "{}",
            false);
    assertThat(posted.status()).isEqualTo(403);
    assertThat(RawHttp.get(port, "/api/studies", "orchestrator.attacker.example").status())
        .isEqualTo(403);
    assertThat(RawHttp.get(port, "/api/studies", "127.0.0.1.attacker.example").status())
        .isEqualTo(403);
    assertThat(state(id)).isEqualTo("running");
  }

  @Test
  void aHostThatIsNotHostAndPortIsA400NamingTheHeader() throws Exception {
    for (String host : List.of("[::1", "a b", "127.0.0.1:port")) {
      RawHttp.Response r = RawHttp.get(port, "/api/studies", host);
      assertThat(r.status()).as(host).isEqualTo(400);
      assertThat(r.headers().get("content-type")).as(host).startsWith("application/json");
      assertThat(r.body()).as(host).contains("\"field\":\"Host\"").contains("host[:port]");
    }
    assertThat(RawHttp.get(port, "/api/studies", "127.0.0.1:" + port).status()).isEqualTo(200);
  }

  @Test
  void loopbackNamesIpAddressesAndAllowedHostsPass() throws Exception {
    String id = create();
    for (String host :
        List.of(
            "localhost:" + port,
            "LOCALHOST",
            "localhost.",
            "127.0.0.1:" + port,
            "127.8.9.1",
            "[::1]:" + port,
            "10.1.2.3:8080",
            "[fe80::1]",
            "orchestrator:8080",
            "Orchestrator")) {
      RawHttp.Response r = RawHttp.get(port, "/api/studies", host);
      assertThat(r.status()).as("Host: %s", host).isEqualTo(200);
      assertThat(r.body()).contains(id);
    }
    RawHttp.Response stream =
        RawHttp.send(
            port,
            "GET /api/studies/" + id + "/events HTTP/1.1\r\nHost: orchestrator:8080",
            "",
            true);
    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.headers().get("content-type")).startsWith("text/event-stream");
    RawHttp.Response anyName =
        RawHttp.get(
            start(new WebAccess(List.of(), List.of("*"), false)), "/api/studies", "any.example");
    assertThat(anyName.status()).isEqualTo(200);
  }

  @Test
  void anHttp10HealthCheckWithoutHostPasses() throws Exception {
    RawHttp.Response ready = RawHttp.get(port, "/health/ready", null);
    assertThat(ready.status()).isEqualTo(200);
    assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("UP");
  }

  @Test
  void anAllowedOriginMayCallWithCorsAndOthersGetNoCorsHeaders() throws Exception {
    String allowed = "http://localhost:3000";
    // a page of an allowed origin is still a browser: it sends the bearer token, or on the same
    // host the XSRF header
    String xsrf = get("/api/access").cookies().get(0).split("[=;]")[1];
    HttpResponse<Buffer> created =
        post(
            "/api/studies",
            STUDY,
            Map.of("Origin", allowed, "Content-Type", "application/json", XsrfToken.HEADER, xsrf));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.getHeader("Access-Control-Allow-Origin")).isEqualTo(allowed);
    assertThat(created.getHeader("Vary")).isEqualTo("Origin");
    assertThat(created.getHeader("Access-Control-Allow-Credentials")).isNull();

    RawHttp.Response answer =
        RawHttp.send(
            port,
            "OPTIONS /api/studies HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nOrigin: "
                + allowed
                + "\r\n"
                + "Access-Control-Request-Method: POST\r\n"
                + "Access-Control-Request-Headers: content-type, x-xsrf-token",
            "",
            false);
    assertThat(answer.status()).isEqualTo(204);
    Map<String, String> preflight = answer.headers();
    assertThat(preflight.get("access-control-allow-origin")).isEqualTo(allowed);
    assertThat(preflight.get("access-control-allow-methods")).contains("POST", "DELETE");
    assertThat(preflight.get("access-control-allow-headers"))
        .contains("Content-Type", "Authorization", "X-XSRF-Token", "Last-Event-ID");

    RawHttp.Response foreignPreflight =
        RawHttp.send(
            port,
            "OPTIONS /api/studies HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nOrigin: "
                + EVIL
                + "\r\nAccess-Control-Request-Method: POST",
            "",
            false);
    assertThat(foreignPreflight.headers()).doesNotContainKey("access-control-allow-origin");
    assertThat(
            post(
                    "/api/studies",
                    STUDY,
                    Map.of("Origin", "http://localhost:3001", "Content-Type", "application/json"))
                .statusCode())
        .isEqualTo(403);

    int strict = start(WebAccess.defaults());
    RawHttp.Response none =
        RawHttp.send(
            strict,
            "OPTIONS /api/studies HTTP/1.1\r\nHost: 127.0.0.1:"
                + strict
                + "\r\nOrigin: "
                + allowed
                + "\r\nAccess-Control-Request-Method: POST",
            "",
            false);
    RawHttp.Response read =
        RawHttp.send(
            strict,
            "GET /api/studies HTTP/1.1\r\nHost: 127.0.0.1:" + strict + "\r\nOrigin: " + allowed,
            "",
            false);
    for (RawHttp.Response r : List.of(none, read)) {
      assertThat(r.headers().keySet())
          .noneMatch(h -> h.startsWith("access-control-"))
          .doesNotContain("vary");
    }
  }

  @Test
  void aBrowserCallNeedsTheConsolesXsrfTokenAndAProgramNeedsNone() throws Exception {
    HttpResponse<Buffer> page = get("/");
    String cookie =
        page.cookies().stream()
            .filter(c -> c.startsWith(XsrfToken.COOKIE + "="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie).contains("Path=/", "SameSite=Strict").doesNotContain("HttpOnly");
    String token = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    assertThat(get("/studies/x/history").cookies()).contains(cookie);
    assertThat(get("/api/docs").cookies()).contains(cookie);
    assertThat(get("/api/access").cookies()).contains(cookie);
    assertThat(get("/api/studies").cookies()).isEmpty();

    String own = "http://127.0.0.1:" + port;
    for (Map<String, String> browser :
        List.of(
            Map.of("Origin", own),
            Map.of("Sec-Fetch-Site", "same-origin"),
            Map.of("Cookie", XsrfToken.COOKIE + "=" + token))) {
      Map<String, String> headers = new HashMap<>(browser);
      headers.put("Content-Type", "application/json");
      JsonObject missing = refused(post("/api/studies", STUDY, headers), 403, XsrfToken.HEADER);
      assertThat(missing.getString("error")).contains("without", "X-XSRF-Token", "reload the page");
      headers.put(XsrfToken.HEADER, token + "x");
      assertThat(
              refused(post("/api/studies", STUDY, headers), 403, XsrfToken.HEADER)
                  .getString("error"))
          .contains("wrong");
    }
    assertThat(studies()).isZero();

    HttpResponse<Buffer> console =
        post(
            "/api/studies",
            STUDY,
            Map.of(
                "Origin",
                own,
                "Sec-Fetch-Site",
                "same-origin",
                "Cookie",
                XsrfToken.COOKIE + "=" + token,
                XsrfToken.HEADER,
                token,
                "Content-Type",
                "application/json; charset=utf-8"));
    assertThat(console.statusCode()).as(console.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> viaLocalhost =
        post(
            "/api/studies",
            STUDY,
            Map.of(
                "Origin",
                "http://localhost:" + port,
                XsrfToken.HEADER,
                token,
                "Content-Type",
                "application/json"));
    assertThat(viaLocalhost.statusCode())
        .as("another loopback name of this server is not its origin")
        .isEqualTo(403);

    HttpResponse<Buffer> curl =
        post("/api/studies", STUDY, Map.of("Content-Type", "application/json"));
    assertThat(curl.statusCode()).as(curl.bodyAsString()).isEqualTo(201);
    assertThat(studies()).isEqualTo(2);
  }

  @Test
  void theServersOwnOriginIsTheOneItIsReachedBy() throws Exception {
    String id = create();
    String token = get("/api/access").cookies().get(0).split("[=;]")[1];
    RawHttp.Response viaLocalhost =
        RawHttp.send(
            port,
            "POST /api/studies/"
                + id
                + "/pause HTTP/1.1\r\nHost: localhost:"
                + port
                + "\r\nOrigin: http://localhost:"
                + port
                + "\r\nContent-Type: application/json\r\nX-XSRF-Token: "
                + token,
            "",
            false);
    assertThat(viaLocalhost.status()).as(viaLocalhost.body()).isEqualTo(200);
    assertThat(state(id)).isEqualTo("paused");
  }

  @Test
  void multipartBodiesAreRefusedAndNeverStored() throws Exception {
    Path uploads = Path.of(BodyHandler.DEFAULT_UPLOADS_DIRECTORY);
    deleteLeftover(uploads);
    port =
        start(
            WebAccess
                .defaults()); // Vert.x makes the directory when a body handler with uploads on is
    // built
    String id = create();
    String boundary = "----gist" + System.nanoTime();
    String multipart =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"payload.bin\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n"
            + "x".repeat(4096)
            + "\r\n--"
            + boundary
            + "--\r\n";
    Map<String, String> type = Map.of("Content-Type", "multipart/form-data; boundary=" + boundary);
    for (String path :
        List.of(
            "/api/studies",
            "/api/studies/" + id + "/pause",
            "/api/studies/no-such-study/pause",
            "/api/nowhere")) {
      refused(post(path, multipart, type), 415, "Content-Type");
    }
    assertThat(uploads).as("the uploads directory of Vert.x body handlers").doesNotExist();
    assertThat(state(id)).isEqualTo("running");
  }

  private static void deleteLeftover(Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }
}
