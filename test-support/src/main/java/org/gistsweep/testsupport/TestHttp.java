package org.gistsweep.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The JDK's HTTP client as the tests call servers: every request has a timeout, and a POST sends
 * {@code Content-Type: application/json}, which the orchestrator requires of every state-changing
 * call.
 */
public final class TestHttp {
  /** How long a request may take before the test fails instead of hanging. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  private TestHttp() {}

  /** GET {@code url}; {@code headers} are name, value pairs. */
  public static HttpResponse<String> get(String url, String... headers)
      throws IOException, InterruptedException {
    return send(request(url, headers).GET());
  }

  /**
   * POST {@code json} to {@code url} as {@code application/json}; {@code headers} are name, value
   * pairs.
   */
  public static HttpResponse<String> postJson(String url, String json, String... headers)
      throws IOException, InterruptedException {
    return send(
        request(url, headers)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private static HttpRequest.Builder request(String url, String... headers) {
    if (headers.length % 2 != 0) {
      throw new IllegalArgumentException(
          "headers are name, value pairs; got " + headers.length + " strings");
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b;
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
