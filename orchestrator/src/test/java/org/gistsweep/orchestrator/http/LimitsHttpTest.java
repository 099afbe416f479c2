package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
import org.gistsweep.orchestrator.service.StudyLimits;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attacks on budgets and spaces over the real server: each is answered 400 within seconds,
 * naming the field, the cap and the option that raises it, and the server goes on serving.
 */
@ExtendWith(VertxExtension.class)
class LimitsHttpTest {
  private static final Duration HANG = Duration.ofSeconds(30);
  private static final String SPACE =
      "\"space\": {\"lr\": {\"type\": \"float\", \"low\": 0.0001, \"high\": 0.1, \"log\": true}}";

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

  @AfterEach
  void everyExchangeConformsToTheOpenApiDocument() {
    recording.assertConform();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> post(String path, String body) throws Exception {
    return await(
        client
            .post(port, "127.0.0.1", path)
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer(body)));
  }

  private JsonObject refused(String path, String body, String field, String... fragments) {
    return assertTimeoutPreemptively(
        HANG,
        () -> {
          HttpResponse<Buffer> r = post(path, body);
          assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
          JsonObject error = r.bodyAsJsonObject();
          assertThat(error.getString("field")).isEqualTo(field);
          assertThat(error.getString("error")).contains(fragments);
          return error;
        });
  }

  private String created(String body) throws Exception {
    HttpResponse<Buffer> r = post("/api/studies", body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject().getString("id");
  }

  /**
   * The server answers, and a new study gets its first trial at once (whatever studies run beside
   * it).
   */
  private void stillServing() throws Exception {
    assertThat(await(client.get(port, "127.0.0.1", "/api/studies").send()).statusCode())
        .isEqualTo(200);
    String id =
        created(
            "{\"name\": \"after\", \"budget\": {\"trials\": 2, \"parallel\": 1}, " + SPACE + "}");
    Waits.until(
        "the new study's first trial",
        HANG,
        () -> publisher.assignments.stream().anyMatch(a -> a.study().equals(id)));
  }

  @Test
  void aHugeBudgetIsRefusedNamingTheFieldAndTheCap() throws Exception {
    refused(
        "/api/studies",
        "{\"name\": \"huge\", \"budget\": {\"trials\": 2147483647, \"parallel\": 2147483647}, "
            + SPACE
            + "}",
        "budget.trials",
        "is 2147483647",
        "at most 100000",
        "--max-trials");
    refused(
        "/api/studies",
        "{\"name\": \"huge\", \"budget\": {\"trials\": 1000, \"parallel\": 2147483647}, "
            + SPACE
            + "}",
        "budget.parallel",
        "at most 1024",
        "--max-parallel");
    refused(
        "/api/studies",
        "{\"name\": \"many\", \"directions\": [\"minimize\"], \"trials\": 100001, " + SPACE + "}",
        "trials",
        "at most 100000",
        "--max-trials");
    assertThat(service.studies()).isEmpty();
    created(
        "{\"name\": \"capped\", \"budget\": {\"trials\": 100000, \"parallel\": 1024}, "
            + SPACE
            + "}");
    stillServing();
  }

  @Test
  void hugeGridsAreRefusedWithinSecondsAndTheServerGoesOn() throws Exception {
    String grid =
        "{\"name\": \"g\", \"directions\": [\"maximize\"], \"sampler\": {\"type\": \"grid\"},"
            + " \"space\": ";
    // 2^62 values; then a range wider than 2^63, whose size wrapped to a small positive long (2^26)
    refused(
        "/api/studies",
        grid + "{\"x\": {\"type\": \"int\", \"low\": 0, \"high\": 4611686018427387904}}}",
        "space.x.high",
        "2^53");
    refused(
        "/api/studies",
        grid
            + "{\"x\": {\"type\": \"int\", \"low\": -4611686018427387904, \"high\":"
            + " 4611686018494496768}}}",
        "space.x.low",
        "2^53");
    refused(
        "/api/studies",
        grid
            + "{\"x\": {\"type\": \"int\", \"low\": -9000000000000000000, \"high\":"
            + " 9000000000000000000}}}",
        "space.x.low",
        "2^53");
    refused(
        "/api/studies",
        grid + "{\"x\": {\"type\": \"int\", \"low\": 0, \"high\": 9007199254740992}}}",
        "space.x",
        "has 9007199254740993 grid values",
        "at most 1000000",
        "--max-grid");
    refused(
        "/api/studies",
        grid
            + "{\"x\": {\"type\": \"int\", \"low\": 1, \"high\": 1000000}, \"y\": {\"type\":"
            + " \"int\", \"low\": 1, \"high\": 1000000}, \"z\": {\"type\": \"int\", \"low\": 1,"
            + " \"high\": 1000000}}}",
        "space",
        "the grid has 1000000000000000000 combinations",
        "--max-grid");
    JsonObject many =
        new JsonObject()
            .put("name", "wide")
            .put("directions", new JsonArray().add("maximize"))
            .put("sampler", new JsonObject().put("type", "grid"));
    JsonObject space = new JsonObject();
    for (int i = 0; i < 5_000; i++) {
      space.put("p" + i, new JsonObject().put("type", "int").put("low", 0).put("high", 99_999));
    }
    refused(
        "/api/studies",
        many.put("space", space).encode(),
        "space",
        "has 5000 parameters; at most 1000");
    assertThat(service.studies()).isEmpty();
    stillServing();
  }

  @Test
  void aConditionalGridIsCountedOffTheEventLoopAndRefusedOverTheCap() throws Exception {
    service.setLimits(new StudyLimits(100, 10, 1_999));
    String body =
        "{\"name\": \"cond\", \"directions\": [\"maximize\"], \"sampler\": {\"type\": \"grid\"},"
            + " \"space\": {\"kind\": {\"type\": \"categorical\", \"choices\": [\"a\", \"b\"]},"
            + " \"x\": {\"type\": \"int\", \"low\": 1, \"high\": 1000, \"when\": {\"kind\":"
            + " \"a\"}}, \"y\": {\"type\": \"int\", \"low\": 1, \"high\": %d, \"when\": {\"kind\":"
            + " \"b\"}}}}";
    refused(
        "/api/studies",
        body.formatted(1000),
        "space",
        "the grid has 2000 combinations",
        "at most 1999",
        "--max-grid");
    String id = created(body.formatted(999));
    assertThat(service.snapshot(id).orElseThrow().maxTrials())
        .as("one trial per combination")
        .isEqualTo(1_999);
  }

  @Test
  void aBudgetControlOverTheCapIsRefused() throws Exception {
    String id =
        created(
            "{\"name\": \"steer\", \"budget\": {\"trials\": 3, \"parallel\": 1}, " + SPACE + "}");
    refused(
        "/api/studies/" + id + "/budget",
        "{\"trials\": 2147483647}",
        "trials",
        "is 2147483647",
        "at most 100000",
        "--max-trials");
    refused(
        "/api/studies/" + id + "/budget",
        "{\"trials\": 5, \"parallel\": 5000}",
        "parallel",
        "at most 1024",
        "--max-parallel");
    assertThat(service.snapshot(id).orElseThrow().maxTrials()).isEqualTo(3);
    HttpResponse<Buffer> ok =
        post("/api/studies/" + id + "/budget", "{\"trials\": 100000, \"parallel\": 1024}");
    assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(200);
    assertThat(ok.bodyAsJsonObject().getInteger("max_trials")).isEqualTo(100_000);
  }

  @Test
  void anAskTellStudyWithoutABudgetStopsAtTheCap() throws Exception {
    service.setLimits(new StudyLimits(2, 1, 10));
    String id = created("{\"name\": \"open\", \"directions\": [\"minimize\"], " + SPACE + "}");
    for (int i = 0; i < 2; i++) {
      assertThat(post("/api/studies/" + id + "/ask", "").statusCode()).isEqualTo(200);
    }
    HttpResponse<Buffer> third = post("/api/studies/" + id + "/ask", "");
    assertThat(third.statusCode()).isEqualTo(409);
    assertThat(third.bodyAsJsonObject().getString("error"))
        .contains("handed out 2 trials", "--max-trials");
    Waits.until("two trials", HANG, () -> service.snapshot(id).orElseThrow().trials().size() == 2);
  }
}
