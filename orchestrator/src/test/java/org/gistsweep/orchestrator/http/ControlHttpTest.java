package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The steering calls over HTTP: 200 for a control and for its harmless repeat ({@code changed}),
 * 409 with the reason for one that does not fit, 400 naming the field for bad input, 404 for an
 * unknown study; the study JSON lists every control; archived studies leave the list; with a token
 * the calls need it and {@code /api/access} says so.
 */
@ExtendWith(VertxExtension.class)
class ControlHttpTest {
  private static final String TOKEN = "s3cr3t-t0ken-0123456789abcdef";
  private static final String SPEC =
      """
      {"name": "steer", "budget": {"trials": 3, "parallel": 1, "epochs": 2},
       "sampler": {"type": "random", "seed": 3},
       "training": {"peft": "adapter"},
       "space": {"lr": {"type": "float", "low": 0.0001, "high": 0.1, "log": true},
                 "adapter_dim": {"type": "int", "low": 2, "high": 16, "step": 2}}}
      """;

  private final FakePublisher publisher = new FakePublisher();
  private RecordingClient recording;
  private WebClient client;
  private int port;

  @AfterEach
  void everyExchangeMatchesTheOpenApiDocument() {
    if (recording != null) {
      recording.assertConform();
    }
  }

  private void deploy(Vertx vertx, Optional<ApiToken> token) throws Exception {
    StudyService service = new StudyService(vertx, publisher, MutableClock.fixed());
    HttpVerticle http =
        new HttpVerticle(
            service, new HttpOptions("127.0.0.1", 0, Duration.ofMillis(200), token, true));
    await(vertx.deployVerticle(http));
    port = http.actualPort();
    recording = new RecordingClient(vertx);
    client = recording.client();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> send(String method, String path, String body, String token)
      throws Exception {
    HttpRequest<Buffer> r =
        method.equals("DELETE")
            ? client.delete(port, "127.0.0.1", path)
            : client.post(port, "127.0.0.1", path);
    r.putHeader("Content-Type", "application/json");
    if (token != null) {
      r.putHeader("Authorization", "Bearer " + token);
    }
    return await(body == null ? r.send() : r.sendBuffer(Buffer.buffer(body)));
  }

  private HttpResponse<Buffer> post(String path, String body) throws Exception {
    return send("POST", path, body, null);
  }

  private JsonObject get(String path) throws Exception {
    HttpResponse<Buffer> r = await(client.get(port, "127.0.0.1", path).send());
    assertThat(r.statusCode()).as("GET %s", path).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private String submit() throws Exception {
    CountDownLatch published = new CountDownLatch(1);
    publisher.onAssignment(a -> published.countDown());
    HttpResponse<Buffer> created = post("/api/studies", SPEC);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(published.await(10, TimeUnit.SECONDS)).isTrue();
    return created.bodyAsJsonObject().getString("id");
  }

  private static void assertError(HttpResponse<Buffer> r, int status, String field, String text) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("error")).contains(text);
    assertThat(body.getString("field")).isEqualTo(field);
  }

  @Test
  void aTrialIsSuspendedAndResumedOverHttpWithClearErrors(Vertx vertx) throws Exception {
    deploy(vertx, Optional.empty());
    String id = submit();
    String base = "/api/studies/" + id;

    HttpResponse<Buffer> suspended = post(base + "/trials/0/suspend", null);
    assertThat(suspended.statusCode()).as(suspended.bodyAsString()).isEqualTo(200);
    assertThat(suspended.bodyAsJsonObject().getBoolean("changed")).isTrue();
    assertThat(suspended.bodyAsJsonObject().getJsonObject("counts").getInteger("SUSPENDED"))
        .isEqualTo(1);
    assertThat(post(base + "/trials/0/suspend", null).bodyAsJsonObject().getBoolean("changed"))
        .as("a repeat")
        .isFalse();
    JsonObject trial = get(base + "/trials").getJsonArray("trials").getJsonObject(0);
    assertThat(trial.getString("state")).isEqualTo("SUSPENDED");
    assertThat(trial.getString("suspend_reason")).isEqualTo("suspend");
    assertThat(trial.getJsonArray("attempts").getJsonObject(0).getString("outcome"))
        .isEqualTo("SUSPENDED");

    HttpResponse<Buffer> resumed = post(base + "/trials/0/resume", "{}");
    assertThat(resumed.statusCode()).as(resumed.bodyAsString()).isEqualTo(200);
    assertThat(resumed.bodyAsJsonObject().getBoolean("changed")).isTrue();
    Waits.until(
        "attempt 2 of trial 0 is issued",
        Duration.ofSeconds(10),
        () -> publisher.assignments.stream().anyMatch(a -> a.trial() == 0 && a.attempt() == 2));
    assertThat(post(base + "/trials/0/resume", null).bodyAsJsonObject().getBoolean("changed"))
        .as("WAITING: nothing to resume")
        .isFalse();

    assertError(post(base + "/trials/9/suspend", null), 404, null, "has no trial 9");
    assertError(
        post(base + "/trials/x/resume", null),
        400,
        "trial",
        "'x' in the path is not a trial number");
    assertThat(post(base + "/cancel", null).statusCode()).isEqualTo(200);
    assertError(
        post(base + "/trials/0/suspend", null),
        409,
        null,
        "trial 0 is already CANCELLED; only a WAITING or RUNNING trial can be suspended");
    JsonObject controls = get(base);
    assertThat(
            controls.getJsonArray("controls").stream()
                .map(c -> ((JsonObject) c).getString("call"))
                .toList())
        .contains("POST " + base + "/trials/0/suspend", "POST " + base + "/trials/0/resume");
  }

  @Test
  void controlsAnswer200AndRepeats200Unchanged409WithTheReason400NamingTheField(Vertx vertx)
      throws Exception {
    deploy(vertx, Optional.empty());
    assertThat(get("/api/access").getBoolean("token_required")).isFalse();
    String id = submit();
    String base = "/api/studies/" + id;

    HttpResponse<Buffer> paused = post(base + "/pause", null);
    assertThat(paused.statusCode()).isEqualTo(200);
    assertThat(paused.bodyAsJsonObject().getBoolean("changed")).isTrue();
    assertThat(paused.bodyAsJsonObject().getString("state")).isEqualTo("paused");
    HttpResponse<Buffer> again = post(base + "/pause", null);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getBoolean("changed")).isFalse();

    assertError(post(base + "/budget", "{\"trials\": 0}"), 400, "trials", "whole number >= 1");
    assertError(post(base + "/budget", "{\"trials\": 2.5}"), 400, "trials", "whole number");
    assertError(post(base + "/budget", "{}"), 400, "trials", "is missing");
    assertError(post(base + "/budget", "{\"trails\": 5}"), 400, "trails", "unknown key");
    assertError(post(base + "/budget", "[1]"), 400, "", "JSON object");
    assertError(post(base + "/enqueue", "{\"params\": {\"lr\": 5}}"), 400, "params.lr", "outside");
    assertError(
        post(base + "/enqueue", "{\"params\": {\"lrr\": 0.01}}"),
        400,
        "params.lrr",
        "not a parameter");
    assertError(
        post(base + "/enqueue", "{\"params\": {\"adapter_dim\": 3}}"),
        400,
        "params.adapter_dim",
        "step");
    assertError(post(base + "/enqueue", "{\"params\": 3}"), 400, "params", "must be an object");
    assertError(post(base + "/trials/x/stop", "{}"), 400, "trial", "not a trial number");
    assertError(
        post(base + "/trials/0/stop", "{\"as\": \"failed\"}"), 400, "as", "pruned or cancelled");
    assertError(post("/api/studies/nope-1/pause", null), 404, null, "no study");

    HttpResponse<Buffer> enqueued =
        post(base + "/enqueue", "{\"params\": {\"lr\": 0.01, \"adapter_dim\": 6}}");
    assertThat(enqueued.statusCode()).as(enqueued.bodyAsString()).isEqualTo(200);
    assertThat(enqueued.bodyAsJsonObject().getJsonArray("enqueued").getJsonObject(0).getMap())
        .containsEntry("lr", 0.01)
        .containsEntry("adapter_dim", 6);
    assertThat(
            post(base + "/budget", "{\"trials\": 5, \"parallel\": 2}")
                .bodyAsJsonObject()
                .getInteger("max_trials"))
        .isEqualTo(5);
    assertThat(
            post(base + "/trials/0/stop", "{\"as\": \"cancelled\"}")
                .bodyAsJsonObject()
                .getJsonObject("counts")
                .getInteger("CANCELLED"))
        .isEqualTo(1);
    assertError(
        post(base + "/trials/0/stop", "{\"as\": \"pruned\"}"), 409, null, "already CANCELLED");
    assertError(send("DELETE", base, null, null), 409, null, "stop or cancel it before archiving");
    assertThat(post(base + "/cancel", null).bodyAsJsonObject().getString("state"))
        .isEqualTo("cancelled");
    assertError(post(base + "/resume", null), 409, null, "only a paused study can be resumed");

    JsonObject study = get(base + "/trials");
    assertThat(
            study.getJsonArray("controls").stream()
                .map(c -> ((JsonObject) c).getString("control"))
                .toList())
        .containsExactly("pause", "enqueue", "budget", "stop_trial", "cancel");
    JsonObject budget = study.getJsonArray("controls").getJsonObject(2);
    assertThat(budget.getString("call")).isEqualTo("POST " + base + "/budget");
    assertThat(budget.getJsonObject("args").getMap())
        .containsEntry("trials", 5)
        .containsEntry("parallel", 2);
    assertThat(budget.getString("at")).isNotNull();

    assertThat(send("DELETE", base, null, null).statusCode()).isEqualTo(200);
    assertThat(get("/api/studies").getJsonArray("studies")).isEmpty();
    assertThat(get("/api/studies?archived=true").getJsonArray("studies")).hasSize(1);
    assertThat(get(base).getBoolean("archived"))
        .as("an archived study is still served by id")
        .isTrue();
    assertThat(post(base + "/restore", null).bodyAsJsonObject().getBoolean("archived")).isFalse();
    assertThat(get("/api/studies").getJsonArray("studies")).hasSize(1);
  }

  @Test
  void withATokenControlsNeedItAndTheServerSaysSo(Vertx vertx) throws Exception {
    deploy(vertx, Optional.of(ApiToken.of(TOKEN)));
    assertThat(get("/api/access").getBoolean("token_required")).isTrue();
    HttpResponse<Buffer> created = send("POST", "/api/studies", SPEC, TOKEN);
    String id = created.bodyAsJsonObject().getString("id");
    assertThat(post("/api/studies/" + id + "/pause", null).statusCode()).isEqualTo(401);
    assertThat(send("DELETE", "/api/studies/" + id, null, null).statusCode()).isEqualTo(401);
    assertThat(send("POST", "/api/studies/" + id + "/pause", null, TOKEN).statusCode())
        .isEqualTo(200);
  }
}
