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
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Drives ask/tell studies by plain HTTP; no worker and no broker is involved. */
@ExtendWith(VertxExtension.class)
class AskTellHttpTest {
  private static final String STUDY =
      """
      {"name": "quad", "directions": ["maximize"],
       "space": {"x": {"type": "float", "low": -5, "high": 5}, "kind": {"type": "categorical", "choices": ["a", "b"]}},
       "sampler": {"type": "%s", "seed": 7}, "pruner": %s}
      """;

  private final FakePublisher publisher = new FakePublisher();
  private WebClient client;
  private RecordingClient recording;
  private int port;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    StudyService service = new StudyService(vertx, publisher, MutableClock.fixed());
    HttpVerticle http = new HttpVerticle(service, "127.0.0.1", 0, Duration.ofMillis(200));
    await(vertx.deployVerticle(http));
    port = http.actualPort();
    recording = new RecordingClient(vertx);
    client = recording.client();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> post(String path, String body) throws Exception {
    return await(
        client
            .post(port, "127.0.0.1", path)
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer(body)));
  }

  private HttpResponse<Buffer> get(String path) throws Exception {
    return await(client.get(port, "127.0.0.1", path).send());
  }

  private JsonObject ok(HttpResponse<Buffer> r, int status) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    return r.bodyAsJsonObject();
  }

  private String create(String sampler, String pruner) throws Exception {
    return ok(post("/api/studies", STUDY.formatted(sampler, pruner)), 201).getString("id");
  }

  @AfterEach
  void everyExchangeConformsToTheOpenApiDocument() {
    recording.assertConform();
  }

  @Test
  void askReportTellRoundTrip() throws Exception {
    String id = create("random", "{\"type\": \"none\"}");
    JsonObject asked = ok(post("/api/studies/" + id + "/ask", ""), 200);
    assertThat(asked.getInteger("trial")).isEqualTo(0);
    assertThat(asked.getJsonObject("params").fieldNames()).containsExactlyInAnyOrder("x", "kind");
    JsonObject report =
        ok(post("/api/studies/" + id + "/trials/0/report", "{\"step\": 1, \"value\": 0.5}"), 200);
    assertThat(report.getString("decision")).isEqualTo("continue");
    JsonObject told =
        ok(post("/api/studies/" + id + "/tell", "{\"trial\": 0, \"values\": [0.83]}"), 200);
    assertThat(told.getString("state")).isEqualTo("COMPLETE");
    assertThat(told.getDouble("value")).isEqualTo(0.83);
    assertThat(told.getJsonArray("values")).isEqualTo(new JsonArray().add(0.83));
    assertThat(ok(post("/api/studies/" + id + "/ask", ""), 200).getInteger("trial")).isEqualTo(1);

    JsonObject study =
        ok(await(client.get(port, "127.0.0.1", "/api/studies/" + id + "/trials").send()), 200);
    assertThat(study.getInteger("best_trial")).isEqualTo(0);
    assertThat(study.getJsonArray("directions")).isEqualTo(new JsonArray().add("maximize"));
    assertThat(study.getJsonArray("pareto_front")).isEqualTo(new JsonArray().add(0));
    assertThat(study.getJsonObject("counts").getInteger("RUNNING")).isEqualTo(1);
    assertThat(publisher.assignments).as("ask/tell dispatches nothing").isEmpty();
  }

  @Test
  void tellingAFinishedTrialAgainChangesNothing() throws Exception {
    String id = create("random", "{\"type\": \"none\"}");
    ok(post("/api/studies/" + id + "/ask", ""), 200);
    JsonObject first =
        ok(post("/api/studies/" + id + "/tell", "{\"trial\": 0, \"values\": [0.4]}"), 200);
    JsonObject again =
        ok(post("/api/studies/" + id + "/tell", "{\"trial\": 0, \"state\": \"failed\"}"), 200);
    assertThat(again).isEqualTo(first);
    assertThat(
            ok(post("/api/studies/" + id + "/tell", "{\"trial\": 0, \"values\": [0.9]}"), 200)
                .getDouble("value"))
        .isEqualTo(0.4);
  }

  @Test
  void medianPrunerPrunesAWeakTrialOnCraftedValues() throws Exception {
    String id = create("random", "{\"type\": \"median\", \"n_startup_trials\": 2}");
    for (int n = 0; n < 2; n++) {
      ok(post("/api/studies/" + id + "/ask", ""), 200);
      ok(
          post(
              "/api/studies/" + id + "/trials/" + n + "/report",
              "{\"step\": 1, \"value\": " + (0.6 + 0.2 * n) + "}"),
          200);
      ok(post("/api/studies/" + id + "/tell", "{\"trial\": " + n + ", \"values\": [0.9]}"), 200);
    }
    ok(post("/api/studies/" + id + "/ask", ""), 200);
    // median of 0.6 and 0.8 at step 1 is 0.7
    assertThat(
            ok(
                    post(
                        "/api/studies/" + id + "/trials/2/report",
                        "{\"step\": 1, \"value\": 0.75}"),
                    200)
                .getString("decision"))
        .isEqualTo("continue");
    ok(post("/api/studies/" + id + "/ask", ""), 200);
    assertThat(
            ok(
                    post(
                        "/api/studies/" + id + "/trials/3/report",
                        "{\"step\": 1, \"values\": [0.65]}"),
                    200)
                .getString("decision"))
        .isEqualTo("prune");
    JsonObject pruned =
        ok(post("/api/studies/" + id + "/tell", "{\"trial\": 3, \"state\": \"pruned\"}"), 200);
    assertThat(pruned.getString("state")).isEqualTo("PRUNED");
    assertThat(pruned.getDouble("value")).as("the last reported value").isEqualTo(0.65);
  }

  @Test
  void badRequestsNameTheField() throws Exception {
    assertError(post("/api/studies", "{\"directions\": [\"upward\"]}"), 400, "directions[0]");
    assertError(
        post(
            "/api/studies",
            "{\"directions\": [\"maximize\"], \"pruner\": {\"type\": \"asha\","
                + " \"reduction_factor\": 1}}"),
        400,
        "pruner.reduction_factor");
    String id = create("random", "{\"type\": \"none\"}");
    ok(post("/api/studies/" + id + "/ask", ""), 200);
    assertError(post("/api/studies/" + id + "/trials/0/report", "{\"value\": 0.5}"), 400, "step");
    assertError(
        post("/api/studies/" + id + "/trials/0/report", "{\"step\": 1, \"values\": [0.5, 0.6]}"),
        400,
        "values");
    assertError(
        post("/api/studies/" + id + "/trials/0/report", "{\"step\": 1, \"value\": \"high\"}"),
        400,
        "value");
    assertError(post("/api/studies/" + id + "/tell", "{\"values\": [0.5]}"), 400, "trial");
    assertError(
        post("/api/studies/" + id + "/tell", "{\"trial\": 0, \"state\": \"done\"}"), 400, "state");
    assertError(post("/api/studies/" + id + "/tell", "{\"trial\": 0}"), 400, "values");
    assertError(
        post("/api/studies/" + id + "/tell", "{\"trial\": 0, \"valuez\": [0.5]}"), 400, "valuez");
    assertError(
        post(
            "/api/studies/" + id + "/trials/0/report",
            "{\"step\": 1, \"value\": 0.5, \"epoch\": 1}"),
        400,
        "epoch");
    assertError(post("/api/studies/" + id + "/tell", "{\"trial\": 7, \"values\": [1]}"), 404, null);
    assertError(
        post("/api/studies/" + id + "/trials/7/report", "{\"step\": 1, \"value\": 1}"), 404, null);
    assertError(post("/api/studies/nope/ask", ""), 404, null);
  }

  @Test
  void importanceStaysWhileNoTrialFinishesAndFollowsATell() throws Exception {
    String id = create("random", "{\"type\": \"none\"}");
    for (int i = 0; i < 30; i++) {
      JsonObject params = ok(post("/api/studies/" + id + "/ask", ""), 200).getJsonObject("params");
      double value = params.getDouble("x") * params.getDouble("x");
      ok(
          post(
              "/api/studies/" + id + "/tell",
              "{\"trial\": " + i + ", \"values\": [" + value + "]}"),
          200);
    }
    JsonObject first = ok(get("/api/studies/" + id + "/importance"), 200);
    assertThat(first.getInteger("trials_used")).isEqualTo(30);
    assertThat(first.getJsonObject("importance").fieldNames()).containsExactly("x", "kind");
    ok(post("/api/studies/" + id + "/ask", ""), 200); // a running trial changes nothing
    assertThat(ok(get("/api/studies/" + id + "/importance"), 200)).isEqualTo(first);
    ok(post("/api/studies/" + id + "/tell", "{\"trial\": 30, \"values\": [1.5]}"), 200);
    JsonObject after = ok(get("/api/studies/" + id + "/importance"), 200);
    assertThat(after.getInteger("trials_used")).isEqualTo(31);
    assertThat(after.getString("study")).isEqualTo(id);
  }

  private static void assertError(HttpResponse<Buffer> r, int status, String field) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("error")).isNotBlank();
    assertThat(body.getString("field")).isEqualTo(field);
  }
}
