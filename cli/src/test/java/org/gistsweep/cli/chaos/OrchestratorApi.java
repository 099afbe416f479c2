package org.gistsweep.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The orchestrator's HTTP API as the tests read it: {@code /api/studies/{id}/trials} and {@code
 * /api/metrics}. A call to an orchestrator that is down (or restarting) answers empty, so waits can
 * poll through a restart.
 */
final class OrchestratorApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * @param base e.g. {@code http://127.0.0.1:8080}
   */
  OrchestratorApi(String base) {
    this.base = base.replaceAll("/+$", "");
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
  String base() {
    return base;
  }

  /** The study with all its trials ({@code GET /api/studies/{id}/trials}), if it is known now. */
  Optional<JsonNode> study(String id) {
    return get("/api/studies/" + id + "/trials");
  }

  /** The monitoring counters ({@code GET /api/metrics}), if the orchestrator answers. */
  Optional<JsonNode> metrics() {
    return get("/api/metrics");
  }

  /** A reply: its status and JSON body. */
  record Reply(int status, JsonNode body) {}

  /** {@code POST path} with a JSON body; fails the test when the orchestrator does not answer. */
  Reply post(String path, String json) {
    try {
      HttpRequest post =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofSeconds(15))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .build();
      HttpResponse<String> r = client.send(post, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), JSON.readTree(r.body()));
    } catch (IOException e) {
      throw new AssertionError("POST " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** {@code GET path} as JSON when it answers 200; empty when unreachable or another status. */
  Optional<JsonNode> get(String path) {
    try {
      Optional<String> body = text(path);
      return body.isPresent() ? Optional.of(JSON.readTree(body.get())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** {@code GET path} as text (e.g. the Prometheus scrape) when it answers 200; empty otherwise. */
  Optional<String> text(String path) {
    try {
      HttpRequest get =
          HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> r = client.send(get, HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
