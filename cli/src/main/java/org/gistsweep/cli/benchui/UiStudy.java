package org.gistsweep.cli.benchui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A large two-objective ask/tell study made over the HTTP API: six parameters (float, log float,
 * int, boolean and categorical), {@code steps} reported values per trial, every fourth trial pruned
 * after its first step, every hundredth failed. Values come from a seeded function of the
 * parameters, so every run plots the same study.
 */
final class UiStudy {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SPEC =
      """
      {"name": "bench-ui", "directions": ["maximize", "minimize"], "sampler": {"type": "random", "seed": 11},
       "space": {"lr": {"type": "float", "low": 0.0001, "high": 0.1, "log": true}, "kl_weight": {"type": "float", "low": 0, "high": 2},
                 "temperature": {"type": "float", "low": 1, "high": 6}, "seed": {"type": "int", "low": 1, "high": 3},
                 "gist": {"type": "categorical", "choices": [true, false]},
                 "gist_init": {"type": "categorical", "choices": ["uniform", "zeros", "normal", "cls", "mean_patch"]}}}
      """;

  private final String base;
  private final HttpClient http = HttpClient.newHttpClient();
  final String id;

  private UiStudy(String base, String id) {
    this.base = base;
    this.id = id;
  }

  /** Creates the study on the server at {@code base} (e.g. {@code http://127.0.0.1:8080}). */
  static UiStudy create(String base) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    JsonNode created = post(http, base + "/api/studies", SPEC);
    return new UiStudy(base, created.get("id").asText());
  }

  /** Adds {@code trials} trials with {@code threads} clients at once. */
  void fill(int trials, int steps, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int k = 0; k < threads; k++) {
        int share = trials / threads + (k < trials % threads ? 1 : 0);
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < share; i++) {
                    trial(steps, true);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Asks one trial; when {@code finish}, reports its steps and tells it. Returns its number. */
  int trial(int steps, boolean finish) throws IOException, InterruptedException {
    JsonNode asked = post(http, base + "/api/studies/" + id + "/ask", "");
    int n = asked.get("trial").asInt();
    if (!finish) {
      return n;
    }
    JsonNode p = asked.get("params");
    SplittableRandom noise = new SplittableRandom(n);
    double quality =
        0.9
            - Math.abs(Math.log10(p.get("lr").asDouble()) + 2.5) * 0.1
            - Math.abs(p.get("kl_weight").asDouble() - 0.8) * 0.05
            + (p.get("gist").asBoolean() ? 0.02 : 0)
            + noise.nextDouble() * 0.03;
    double cost = p.get("temperature").asDouble() + noise.nextDouble();
    boolean pruned = n % 4 == 3;
    for (int step = 1; step <= (pruned ? 1 : steps); step++) {
      report(n, step, quality * (0.6 + 0.4 * step / steps));
    }
    String body =
        n % 100 == 99
            ? "{\"trial\": " + n + ", \"state\": \"failed\"}"
            : pruned
                ? "{\"trial\": " + n + ", \"state\": \"pruned\"}"
                : "{\"trial\": " + n + ", \"values\": [" + quality + ", " + cost + "]}";
    post(http, base + "/api/studies/" + id + "/tell", body);
    return n;
  }

  void tell(int trial, double quality, double cost) throws IOException, InterruptedException {
    post(
        http,
        base + "/api/studies/" + id + "/tell",
        "{\"trial\": " + trial + ", \"values\": [" + quality + ", " + cost + "]}");
  }

  void report(int trial, int step, double value) throws IOException, InterruptedException {
    post(
        http,
        base + "/api/studies/" + id + "/trials/" + trial + "/report",
        "{\"step\": " + step + ", \"values\": [" + value + ", 1.0]}");
  }

  private static JsonNode post(HttpClient http, String url, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IOException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
