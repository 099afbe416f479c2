package org.gistsweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The orchestrator's HTTP API for the {@code study} commands: JSON in and out, the API token as a
 * bearer header, and every failure turned into one clear message with the exit status the other
 * commands use (unreachable 3, refused input or token 2, a control that does not fit 1).
 */
final class OrchestratorClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final Optional<String> token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  OrchestratorClient(String base, Optional<String> token) {
    this.base = base.replaceAll("/+$", "");
    this.token = token;
  }

  String base() {
    return base;
  }

  JsonNode get(String path) {
    return send("GET", path, null);
  }

  /** POSTs {@code body} (a tree, or null for none) and answers the JSON reply. */
  JsonNode post(String path, Object body) {
    return send("POST", path, body);
  }

  JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  private JsonNode send(String method, String path, Object body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15));
    try {
      request.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the request body", e);
    }
    request.header("Content-Type", "application/json");
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UnreachableOrchestratorException(
          "cannot reach the orchestrator at "
              + base
              + " ("
              + e
              + "); is it running? give its address with --orchestrator URL (default"
              + " http://127.0.0.1:8080)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserFacingException("interrupted while calling " + method + " " + base + path, e);
    }
    JsonNode reply = parse(response.body());
    check(method, path, response.statusCode(), response.body(), reply);
    return reply;
  }

  /**
   * GETs {@code path} with {@code headers} and answers the response with its body as a stream (the
   * caller closes it); any answer but 2xx and 304 fails as {@link #get} does.
   */
  HttpResponse<InputStream> download(String path, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
    headers.forEach(request::header);
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UnreachableOrchestratorException(
          "cannot reach the orchestrator at "
              + base
              + " ("
              + e
              + "); is it running? give its address with --orchestrator URL (default"
              + " http://127.0.0.1:8080)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserFacingException("interrupted while calling GET " + base + path, e);
    }
    int status = response.statusCode();
    if (status / 100 != 2 && status != 304) {
      String body;
      try (InputStream in = response.body()) {
        body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
      } catch (IOException e) {
        body = "";
      }
      check("GET", path, status, body, parse(body));
    }
    return response;
  }

  /** Turns a failed answer into the exception (and so the exit status) the commands share. */
  private void check(String method, String path, int status, String raw, JsonNode reply) {
    String error = reply.path("error").asText(raw);
    String named = reply.path("field").asText("");
    String field = named.isEmpty() || error.startsWith(named + ":") ? "" : " (field " + named + ")";
    if (status == 401) {
      throw new InvalidConfigException(
          "the orchestrator at "
              + base
              + " refused "
              + method
              + " "
              + path
              + " (HTTP 401: "
              + error
              + "); give its API token with --api-token-file FILE or the "
              + ApiTokenOptions.ENV
              + " environment variable");
    }
    if (status == 400 || status == 404) {
      throw new InvalidConfigException(error + field + " (HTTP " + status + ")");
    }
    if (status == 409) {
      throw new UserFacingException("refused: " + error + field + " (HTTP 409)");
    }
    if (status / 100 != 2) {
      throw new UserFacingException(
          method + " " + base + path + " failed (HTTP " + status + "): " + error);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
