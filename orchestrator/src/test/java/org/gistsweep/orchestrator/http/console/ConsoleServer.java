package org.gistsweep.orchestrator.http.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.http.ApiToken;
import org.gistsweep.orchestrator.http.HttpOptions;
import org.gistsweep.orchestrator.http.HttpVerticle;
import org.gistsweep.orchestrator.http.WebAccess;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;

/**
 * The server the browser tests look at: a study service without Kafka (worker events are applied
 * directly, as the orchestrator's consumer would), the real HTTP verticle on a free port, and a
 * plain HTTP client for the API the page is compared with.
 */
final class ConsoleServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Vertx vertx = Vertx.vertx();
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  final FakePublisher publisher = new FakePublisher();
  final StudyService service = new StudyService(vertx, publisher, clock);
  final int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Optional<String> token;

  ConsoleServer() throws Exception {
    this(Optional.empty(), WebAccess.defaults());
  }

  /**
   * A server with this API token (which {@link #post} and {@link #get} send) and browser access.
   */
  ConsoleServer(Optional<String> token, WebAccess access) throws Exception {
    this.token = token;
    HttpVerticle verticle =
        new HttpVerticle(
            service,
            new HttpOptions(
                "127.0.0.1", 0, Duration.ofSeconds(5), token.map(ApiToken::of), true, access));
    vertx
        .deployVerticle(verticle)
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    port = verticle.actualPort();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)));
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return b;
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  JsonNode post(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            request(path)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(
          "POST " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return JSON.readTree(bytes(path));
  }

  byte[] bytes(String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> r =
        http.send(request(path).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + path + " answered " + r.statusCode() + ": " + new String(r.body()));
    }
    return r.body();
  }

  /** Applies worker messages as the event consumer would, and waits until they are applied. */
  void apply(WireMessage... messages) throws Exception {
    service.apply(List.of(messages)).get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
