package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.testing.Events;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.testsupport.PrometheusText;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HttpApiTest {
  private static final String SPEC =
      """
      {"name": "web", "budget": {"trials": 2, "parallel": 2, "epochs": 2},
       "sampler": {"type": "random", "seed": 3},
       "training": {"peft": "adapter"},
       "space": {"lr": {"type": "float", "low": 0.0001, "high": 0.1, "log": true}}}
      """;

  private final FakePublisher publisher = new FakePublisher();
  private StudyService service;
  private WebClient client;
  private RecordingClient recording;
  private int port;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    service = new StudyService(vertx, publisher, MutableClock.fixed());
    HttpVerticle http = new HttpVerticle(service, "127.0.0.1", 0, Duration.ofMillis(200));
    await(vertx.deployVerticle(http));
    port = http.actualPort();
    recording = new RecordingClient(vertx);
    client = recording.client();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> post(String body) throws Exception {
    return await(
        client
            .post(port, "127.0.0.1", "/api/studies")
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer(body)));
  }

  private HttpResponse<Buffer> get(String path) throws Exception {
    return await(client.get(port, "127.0.0.1", path).send());
  }

  private String submitAndAwaitAssignments(int count) throws Exception {
    CountDownLatch published = new CountDownLatch(count);
    publisher.onAssignment(a -> published.countDown());
    HttpResponse<Buffer> created = post(SPEC);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(published.await(10, TimeUnit.SECONDS)).isTrue();
    return created.bodyAsJsonObject().getString("id");
  }

  @AfterEach
  void everyExchangeConformsToTheOpenApiDocument() {
    recording.assertConform();
  }

  @Test
  void postSpecCreatesStudyAndTrialsJsonShowsItsTrials() throws Exception {
    String id = submitAndAwaitAssignments(2);
    assertThat(id).startsWith("web-20250101-000000-");

    service
        .apply(List.of(Events.started(id, 0, 1, "w1"), Events.epoch(id, 0, 1, 1, 0.6)))
        .get(10, TimeUnit.SECONDS);
    HttpResponse<Buffer> trials = get("/api/studies/" + id + "/trials");
    assertThat(trials.statusCode()).isEqualTo(200);
    assertThat(trials.getHeader("Content-Type")).startsWith("application/json");
    JsonObject study = trials.bodyAsJsonObject();
    assertThat(study.getString("id")).isEqualTo(id);
    assertThat(study.getString("state")).isEqualTo("running");
    assertThat(study.getJsonObject("counts").getInteger("RUNNING")).isEqualTo(1);
    JsonArray list = study.getJsonArray("trials");
    assertThat(list).hasSize(2);
    JsonObject t0 = list.getJsonObject(0);
    assertThat(t0.getString("state")).isEqualTo("RUNNING");
    assertThat(t0.getJsonObject("params").getDouble("lr")).isBetween(0.0001, 0.1);
    assertThat(t0.getJsonArray("epochs").getJsonObject(0).getDouble("val_top1")).isEqualTo(0.6);
    assertThat(t0.getLong("trainable_params")).isEqualTo(1000L);

    JsonObject summary = get("/api/studies/" + id).bodyAsJsonObject();
    assertThat(summary.getJsonObject("space").getJsonObject("lr").getBoolean("log")).isTrue();
    assertThat(summary.getJsonObject("training").getString("peft")).isEqualTo("adapter");
    assertThat(summary.getJsonObject("budget").getInteger("trials")).isEqualTo(2);

    JsonArray studies = get("/api/studies").bodyAsJsonObject().getJsonArray("studies");
    assertThat(studies).hasSize(1);
    assertThat(studies.getJsonObject(0).getString("id")).isEqualTo(id);
  }

  @Test
  void badSpecsAre400NamingTheField() throws Exception {
    HttpResponse<Buffer> budget = post("{\"name\": \"x\", \"budget\": {\"trials\": 0}}");
    assertThat(budget.statusCode()).isEqualTo(400);
    assertThat(budget.bodyAsJsonObject().getString("field")).isEqualTo("budget.trials");
    assertThat(budget.bodyAsJsonObject().getString("error"))
        .contains("budget.trials")
        .contains(">= 1");

    HttpResponse<Buffer> grid =
        post(
            "{\"name\": \"g\", \"sampler\": {\"type\": \"grid\"}, \"space\": {\"lr\": {\"type\":"
                + " \"float\", \"low\": 0.001, \"high\": 0.1}}}");
    assertThat(grid.statusCode()).isEqualTo(400);
    assertThat(grid.bodyAsJsonObject().getString("field")).isEqualTo("space.lr.step");
    assertThat(grid.bodyAsJsonObject().getString("error"))
        .contains("grid sampler needs step for float parameter lr");

    HttpResponse<Buffer> notJson = post("{name: ");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.bodyAsJsonObject().getString("error")).contains("not valid JSON");
    assertThat(publisher.assignments).isEmpty();
  }

  @Test
  void unknownStudyIs404JsonAndThePageIsServed() throws Exception {
    HttpResponse<Buffer> missing = get("/api/studies/nope/trials");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getString("error")).contains("nope");
    assertThat(get("/api/nothing").statusCode()).isEqualTo(404);

    HttpResponse<Buffer> former =
        await(client.get(port, "127.0.0.1", "/leaderboard").followRedirects(false).send());
    assertThat(former.statusCode()).as("the plain leaderboard is now the console").isEqualTo(302);
    assertThat(former.getHeader("Location")).isEqualTo("/");
    assertThat(
            await(
                    client
                        .get(port, "127.0.0.1", "/leaderboard?study=gist%2Fa%20b")
                        .followRedirects(false)
                        .send())
                .getHeader("Location"))
        .isEqualTo("/studies/gist%2Fa%20b/leaderboard");
    assertThat(get("/leaderboard.js").statusCode()).isEqualTo(404);
    for (String path : List.of("/", "/studies/x", "/studies/x/history", "/studies/x/trials/3")) {
      HttpResponse<Buffer> console = get(path);
      assertThat(console.statusCode()).as(path).isEqualTo(200);
      assertThat(console.getHeader("Content-Security-Policy")).as(path).isEqualTo(ConsolePage.CSP);
      assertThat(console.bodyAsString())
          .as(path)
          .contains("<script type=\"module\" src=\"/console/app.js\">");
    }
    assertThat(get("/console/app.js").getHeader("Content-Type")).startsWith("text/javascript");
    assertThat(get("/console/views/history.js").statusCode()).isEqualTo(200);
    assertThat(get("/console/a/b/c.js").statusCode()).isEqualTo(404);
    assertThat(get("/console/nothing.js").statusCode()).isEqualTo(404);
    HttpResponse<Buffer> echarts = get("/vendor/echarts.min.js");
    assertThat(echarts.statusCode()).isEqualTo(200);
    assertThat(echarts.bodyAsString()).contains("echarts");
    HttpResponse<Buffer> controls = get("/controls.js");
    assertThat(controls.getHeader("Content-Type")).startsWith("text/javascript");
    assertThat(controls.bodyAsString()).contains("gist:controlled");
    assertThat(get("/access.js").getHeader("Content-Type")).startsWith("text/javascript");
  }

  @Test
  void eventsStreamSendsSnapshotThenTrialEvents(Vertx vertx) throws Exception {
    String id = submitAndAwaitAssignments(2);
    CompletableFuture<Void> snapshot = new CompletableFuture<>();
    CompletableFuture<String> trialEvent = new CompletableFuture<>();
    CompletableFuture<Void> keepAlive = new CompletableFuture<>();
    StringBuilder received = new StringBuilder();
    HttpClient http = vertx.createHttpClient();
    await(
        http.request(HttpMethod.GET, port, "127.0.0.1", "/api/studies/" + id + "/events")
            .compose(req -> req.send())
            .onSuccess(
                resp -> {
                  assertThat(resp.getHeader("Content-Type")).startsWith("text/event-stream");
                  resp.handler(
                      chunk -> {
                        received.append(chunk.toString());
                        String text = received.toString();
                        if (text.contains("event: snapshot\ndata: {")) {
                          snapshot.complete(null);
                        }
                        if (text.contains(": keep-alive")) {
                          keepAlive.complete(null);
                        }
                        int at = text.indexOf("event: trial\ndata: ");
                        if (at >= 0 && text.indexOf("\n\n", at) > 0) {
                          trialEvent.complete(
                              text.substring(
                                  at + "event: trial\ndata: ".length(), text.indexOf("\n\n", at)));
                        }
                      });
                }));
    snapshot.get(10, TimeUnit.SECONDS);
    assertThat(received.toString()).contains("\"trials\":[").contains("\"id\":\"" + id + "\"");
    assertThat(trialEvent).isNotDone();

    service.apply(List.of(Events.started(id, 1, 1, "w7"))).get(10, TimeUnit.SECONDS);
    JsonObject trial = new JsonObject(trialEvent.get(10, TimeUnit.SECONDS));
    assertThat(trial.getInteger("number")).isEqualTo(1);
    assertThat(trial.getString("state")).isEqualTo("RUNNING");
    assertThat(trial.getString("worker")).isEqualTo("w7");
    keepAlive.get(10, TimeUnit.SECONDS);
    assertThat(new PrometheusText(get("/metrics").bodyAsString()).sum("gist_sse_clients"))
        .as("the open stream")
        .isEqualTo(1);
    await(http.close());
    Waits.until(
        "the closed stream to leave gist_sse_clients",
        Duration.ofSeconds(10),
        () -> {
          try {
            return new PrometheusText(get("/metrics").bodyAsString()).sum("gist_sse_clients") == 0;
          } catch (Exception e) {
            return false;
          }
        });
  }

  @Test
  void aTakenPortFailsTheDeployNamingHostAndPort(Vertx vertx) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int busy = taken.getLocalPort();
      HttpVerticle second = new HttpVerticle(service, "127.0.0.1", busy, Duration.ofSeconds(15));
      Throwable failure =
          vertx
              .deployVerticle(second)
              .toCompletionStage()
              .toCompletableFuture()
              .handle((ok, e) -> e)
              .join();
      assertThat(failure).hasMessageContaining("cannot serve HTTP on 127.0.0.1:" + busy);
    }
  }

  @Test
  void metricsCountPoisonAndFencedMessages() throws Exception {
    service.setDeadLetterCount(() -> 3);
    HttpResponse<Buffer> r = get("/api/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getLong("dead_lettered")).isEqualTo(3L);
    assertThat(body.getLong("studies")).isEqualTo(0L);
    assertThat(body.containsKey("unknown_study_messages")).isTrue();
    assertThat(body.containsKey("ignored_messages")).isTrue();
  }

  @Test
  void importanceAnswersForAKnownStudyAnd404ForAnUnknownOne() throws Exception {
    String id = submitAndAwaitAssignments(1);
    HttpResponse<Buffer> r = get("/api/studies/" + id + "/importance");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("study")).isEqualTo(id);
    assertThat(body.getInteger("trials_used")).isZero();
    assertThat(body.getJsonObject("importance").isEmpty()).as("too few finished trials").isTrue();
    assertThat(get("/api/studies/nope/importance").statusCode()).isEqualTo(404);
  }
}
