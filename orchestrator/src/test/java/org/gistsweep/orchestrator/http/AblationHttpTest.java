package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.study.TrialSnapshot;
import org.gistsweep.orchestrator.testing.Events;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /api/studies/{id}/ablation} and {@code /trials?format=csv} over real HTTP. */
@ExtendWith(VertxExtension.class)
class AblationHttpTest {
  private static final String GRID =
      """
      {"name": "abl", "budget": {"trials": 4, "parallel": 4, "epochs": 2},
       "sampler": {"type": "grid"},
       "training": {"peft": "adapter"},
       "space": {"gist": {"type": "categorical", "choices": [true, false]},
                 "seed": {"type": "categorical", "choices": [1, 2]}}}
      """;

  private final FakePublisher publisher = new FakePublisher();
  private StudyService service;
  private RecordingClient recording;
  private WebClient client;
  private int port;
  private String id;

  @BeforeEach
  void runTheGrid(Vertx vertx) throws Exception {
    service = new StudyService(vertx, publisher, MutableClock.fixed());
    HttpVerticle http = new HttpVerticle(service, "127.0.0.1", 0, Duration.ofMillis(200));
    await(vertx.deployVerticle(http));
    port = http.actualPort();
    recording = new RecordingClient(vertx);
    client = recording.client();
    CountDownLatch published = new CountDownLatch(4);
    publisher.onAssignment(a -> published.countDown());
    HttpResponse<Buffer> created =
        await(
            client
                .post(port, "127.0.0.1", "/api/studies")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(GRID)));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    id = created.bodyAsJsonObject().getString("id");
    assertThat(published.await(10, TimeUnit.SECONDS)).isTrue();
    List<WireMessage> events = new ArrayList<>();
    for (TrialSnapshot t : service.snapshot(id).orElseThrow().trials()) {
      double best = best(t);
      events.add(Events.started(id, t.number(), 1, "w1"));
      events.add(Events.epoch(id, t.number(), 1, 1, best));
      events.add(Events.epoch(id, t.number(), 1, 2, best - 0.05));
      events.add(Events.finished(id, t.number(), 1, best, 2));
    }
    service.apply(events).get(10, TimeUnit.SECONDS);
  }

  /** GIST on: 0.70 + 0.01·seed; off: 0.66 + 0.02·seed. d = +0.03 (seed 1), +0.02 (seed 2). */
  private static double best(TrialSnapshot t) {
    int seed = ((Number) t.params().get("seed")).intValue();
    return Boolean.TRUE.equals(t.params().get("gist")) ? 0.70 + 0.01 * seed : 0.66 + 0.02 * seed;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> get(String path) throws Exception {
    return await(client.get(port, "127.0.0.1", path).send());
  }

  @AfterEach
  void everyExchangeMatchesTheOpenApiDocument() {
    recording.assertConform();
  }

  @Test
  void theJsonTableHasTheTrialsMeansAndThePairedDifference() throws Exception {
    HttpResponse<Buffer> r = get("/api/studies/" + id + "/ablation");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    JsonObject table = r.bodyAsJsonObject();
    assertThat(table.getString("by")).isEqualTo("gist");
    assertThat(table.getString("over")).isEqualTo("seed");
    assertThat(table.getJsonArray("levels").getList()).containsExactly("true", "false");
    JsonObject line = table.getJsonArray("lines").getJsonObject(0);
    JsonObject on = line.getJsonObject("cells").getJsonObject("true");
    assertThat(on.getDouble("mean")).isCloseTo(0.715, within(1e-12));
    assertThat(on.getDouble("std")).isCloseTo(Math.sqrt(0.00005), within(1e-12));
    assertThat(on.getInteger("n")).isEqualTo(2);
    JsonObject overall = table.getJsonObject("overall");
    assertThat(overall.getDouble("mean")).isCloseTo(0.025, within(1e-12));
    assertThat(overall.getInteger("n")).isEqualTo(2);
    assertThat(overall.getDouble("ci_low")).isLessThan(0.025);

    JsonObject last = get("/api/studies/" + id + "/ablation?value=last").bodyAsJsonObject();
    assertThat(last.getJsonObject("overall").getDouble("mean"))
        .as("every last epoch is 0.05 below its best")
        .isCloseTo(0.025, within(1e-12));
    assertThat(
            last.getJsonArray("lines")
                .getJsonObject(0)
                .getJsonObject("cells")
                .getJsonObject("true")
                .getDouble("mean"))
        .isCloseTo(0.665, within(1e-12));
  }

  @Test
  void aLimitListsTheFirstLinesAndCountsThemAll() throws Exception {
    JsonObject whole =
        get("/api/studies/" + id + "/ablation?rows=seed&over=none").bodyAsJsonObject();
    assertThat(whole.getInteger("lines_total"))
        .isEqualTo(whole.getJsonArray("lines").size())
        .isEqualTo(2);
    HttpResponse<Buffer> r = get("/api/studies/" + id + "/ablation?rows=seed&over=none&limit=1");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject page = r.bodyAsJsonObject();
    assertThat(page.getJsonArray("lines").getList())
        .containsExactly(whole.getJsonArray("lines").getList().get(0));
    assertThat(page.getInteger("lines_total")).isEqualTo(2);
    assertThat(page.getJsonObject("overall")).isEqualTo(whole.getJsonObject("overall"));
    assertThat(page.getString("caption")).isEqualTo(whole.getString("caption"));
    for (String bad : List.of("limit=0", "limit=two", "format=md&limit=1", "format=csv&limit=5")) {
      HttpResponse<Buffer> refused = get("/api/studies/" + id + "/ablation?" + bad);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("field")).as(bad).isEqualTo("limit");
    }
  }

  @Test
  void eachExportHasItsContentType() throws Exception {
    HttpResponse<Buffer> md = get("/api/studies/" + id + "/ablation?format=md");
    assertThat(md.getHeader("Content-Type")).isEqualTo("text/markdown; charset=utf-8");
    assertThat(md.bodyAsString())
        .contains("| gist=true |", "| **All pairs** |", "71.50 ± 0.71", "+2.50");
    HttpResponse<Buffer> tex = get("/api/studies/" + id + "/ablation?format=tex");
    assertThat(tex.getHeader("Content-Type")).isEqualTo("application/x-tex; charset=utf-8");
    assertThat(tex.bodyAsString()).contains("\\toprule", "\\textbf{71.50$\\pm$0.71}");
    HttpResponse<Buffer> csv = get("/api/studies/" + id + "/ablation?format=csv");
    assertThat(csv.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
    assertThat(csv.bodyAsString().lines().filter(l -> l.startsWith("cell,"))).hasSize(2);
    assertThat(csv.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");

    HttpResponse<Buffer> trials = get("/api/studies/" + id + "/trials?format=csv");
    assertThat(trials.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
    List<String> lines = trials.bodyAsString().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "number,state,gist,seed,value,last_value,best_epoch,trainable_params,val_top1_epoch_1,val_top1_epoch_2");
    assertThat(lines).hasSize(5);
    assertThat(lines.subList(1, 5))
        .allSatisfy(l -> assertThat(l).contains(",COMPLETE,").contains(",1000,"));
    assertThat(get("/api/studies/" + id + "/trials").getHeader("Content-Type"))
        .startsWith("application/json");
    assertThat(get("/api/studies/" + id + "/trials?format=xml").statusCode()).isEqualTo(400);
  }

  @Test
  void aQueryThatDoesNotFitIs400NamingTheFieldAndTheParameters() throws Exception {
    HttpResponse<Buffer> by = get("/api/studies/" + id + "/ablation?by=kl_weight");
    assertThat(by.statusCode()).isEqualTo(400);
    JsonObject body = by.bodyAsJsonObject();
    assertThat(body.getString("field")).isEqualTo("by");
    assertThat(body.getString("error")).startsWith("by: ").contains("kl_weight", "gist, seed");
    assertThat(body.getJsonArray("parameters").getList()).containsExactly("gist", "seed");
    assertThat(
            get("/api/studies/" + id + "/ablation?by=seed&over=none&levels=1,2,3")
                .bodyAsJsonObject()
                .getString("field"))
        .isEqualTo("levels");
    assertThat(
            get("/api/studies/" + id + "/ablation?format=pdf")
                .bodyAsJsonObject()
                .getString("field"))
        .isEqualTo("format");
    assertThat(
            get("/api/studies/" + id + "/ablation?avg=median")
                .bodyAsJsonObject()
                .getString("field"))
        .isEqualTo("avg");
    assertThat(get("/api/studies/nope/ablation").statusCode()).isEqualTo(404);
  }
}
