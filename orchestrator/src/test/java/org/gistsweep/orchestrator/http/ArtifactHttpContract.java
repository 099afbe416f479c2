package org.gistsweep.orchestrator.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.testing.Events;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.gistsweep.orchestrator.testing.TrialFiles;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The artifacts routes on the real HTTP server over a real store, written once and run against each
 * back end: the list, whole downloads (weights, sidecar, log), Range (206, suffix, open end, 416),
 * ETag and If-None-Match (304), If-Range, a deleted artifact (410 naming retention), an object
 * missing from the store (404), a corrupted one (the download is cut short), and {@code DELETE
 * ?artifacts=true}. Every exchange is checked against openapi.json.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ArtifactHttpContract {
  static final int SIZE = 300_000; // more than one streamed chunk

  Vertx vertx;
  ArtifactStore store;
  StudyService service;
  FakePublisher publisher;
  RecordingClient recording;
  WebClient client;
  int port;

  /** A fresh, empty store of the back end under test. */
  abstract ArtifactStore openStore() throws Exception;

  /**
   * Flips a byte of the object under {@code key} behind the store's back (its recorded sha256
   * stays).
   */
  abstract void corrupt(String key) throws IOException;

  abstract void closeBackEnd() throws Exception;

  @BeforeAll
  void startServer() throws Exception {
    vertx = Vertx.vertx();
    store = openStore();
    publisher = new FakePublisher();
    service = new StudyService(vertx, publisher, MutableClock.fixed());
    service.setArtifactStore(store);
    service.recover().get(10, TimeUnit.SECONDS);
    HttpVerticle http = new HttpVerticle(service, "127.0.0.1", 0, Duration.ofSeconds(1));
    await(vertx.deployVerticle(http));
    port = http.actualPort();
  }

  @AfterAll
  void stopServer() throws Exception {
    await(vertx.close());
    store.close();
    closeBackEnd();
  }

  @BeforeEach
  void newClient() {
    recording = new RecordingClient(vertx);
    client = recording.client();
  }

  @AfterEach
  void everyExchangeConformsToTheOpenApiDocument() {
    recording.assertConform();
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> get(String path, String... headers) throws Exception {
    HttpRequest<Buffer> r = client.get(port, "127.0.0.1", path);
    for (int i = 0; i < headers.length; i += 2) {
      r.putHeader(headers[i], headers[i + 1]);
    }
    return await(r.send());
  }

  /**
   * A study of two trials with retain 1: trial 0 (0.5) loses its weights when trial 1 (0.9) ends;
   * each trial stored best.safetensors of {@link #SIZE} bytes, best.json and a log.
   */
  String studyWithTwoTrials() throws Exception {
    String id =
        service
            .submit(
                TestSpecs.parse(
                    """
                    name: files
                    budget: {trials: 2, parallel: 2, epochs: 2}
                    retain: {best: 1}
                    space:
                      lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
                    """))
            .get(10, TimeUnit.SECONDS);
    Waits.until(
        "two trials",
        Duration.ofSeconds(10),
        () -> service.snapshot(id).orElseThrow().trials().size() == 2);
    double[] values = {0.5, 0.9};
    for (int t = 0; t < 2; t++) {
      List<ArtifactRef> refs = TrialFiles.store(store, id, t, 1, TrialFiles.weights(t, 1, SIZE));
      service
          .apply(
              List.of(
                  Events.started(id, t, 1, "w1"),
                  Events.epoch(id, t, 1, 1, values[t]),
                  Events.epoch(id, t, 1, 2, values[t]),
                  Events.finishedWith(id, t, 1, values[t], 2, refs, null)))
          .get(10, TimeUnit.SECONDS);
    }
    Waits.until(
        "trial 0's weights deleted",
        Duration.ofSeconds(10),
        () -> service.snapshot(id).orElseThrow().trials().get(0).weightsDeleted());
    return id;
  }

  static String path(String id, int trial, String name) {
    return "/api/studies/"
        + id
        + "/trials/"
        + trial
        + "/artifacts"
        + (name == null ? "" : "/" + name);
  }

  @Test
  void theListNamesEachFileWithItsSizeHashKindAndUrl() throws Exception {
    String id = studyWithTwoTrials();
    HttpResponse<Buffer> r = get(path(id, 1, null));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("store")).isEqualTo(store.uri().toString());
    assertThat(body.getString("state")).isEqualTo("COMPLETE");
    JsonArray files = body.getJsonArray("artifacts");
    assertThat(files.stream().map(f -> ((JsonObject) f).getString("name")))
        .containsExactly("best.safetensors", "best.json", "attempt-1.log");
    JsonObject weights = files.getJsonObject(0);
    assertThat(weights.getLong("size")).isEqualTo(SIZE);
    assertThat(weights.getString("sha256"))
        .isEqualTo(ArtifactBytes.sha256(TrialFiles.weights(1, 1, SIZE)));
    assertThat(weights.getString("kind")).isEqualTo("weights");
    assertThat(weights.getInteger("epoch")).isEqualTo(2);
    assertThat(weights.getString("url")).isEqualTo(path(id, 1, "best.safetensors"));
    assertThat(files.getJsonObject(1).getString("kind")).isEqualTo("sidecar");
    JsonObject log = files.getJsonObject(2);
    assertThat(log.getString("kind")).isEqualTo("log");
    assertThat(log.getLong("size"))
        .as("the chunks' total")
        .isEqualTo(TrialFiles.logLine(id, 1, 1).getBytes(UTF_8).length);

    JsonObject zero = get(path(id, 0, null)).bodyAsJsonObject();
    assertThat(zero.getJsonArray("artifacts").getJsonObject(0).getBoolean("deleted")).isTrue();
    assertThat(zero.getJsonArray("artifacts").getJsonObject(0).getString("deleted_reason"))
        .isEqualTo("retention");
    assertThat(zero.getJsonArray("artifacts").getJsonObject(2).getBoolean("deleted"))
        .as("logs are kept")
        .isFalse();

    JsonObject trial =
        get("/api/studies/" + id + "/trials")
            .bodyAsJsonObject()
            .getJsonArray("trials")
            .getJsonObject(1);
    assertThat(trial.getJsonArray("artifacts")).hasSize(3);
    assertThat(trial.getJsonArray("artifacts").getJsonObject(2).getValue("size"))
        .as("the study JSON reads no store")
        .isNull();
  }

  @Test
  void aWholeDownloadIsTheStoredBytesWithItsEtagLengthAndType() throws Exception {
    String id = studyWithTwoTrials();
    byte[] expected = TrialFiles.weights(1, 1, SIZE);
    HttpResponse<Buffer> r = get(path(id, 1, "best.safetensors"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body().getBytes()).isEqualTo(expected);
    assertThat(r.getHeader("ETag")).isEqualTo("\"" + ArtifactBytes.sha256(expected) + "\"");
    assertThat(r.getHeader("Content-Length")).isEqualTo(Integer.toString(SIZE));
    assertThat(r.getHeader("Accept-Ranges")).isEqualTo("bytes");
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(r.getHeader("Content-Disposition"))
        .isEqualTo("attachment; filename=\"" + id + "-1-best.safetensors\"");

    HttpResponse<Buffer> sidecar = get(path(id, 1, "best.json"));
    assertThat(sidecar.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(sidecar.bodyAsJsonObject().getInteger("trial")).isEqualTo(1);

    HttpResponse<Buffer> log = get(path(id, 1, "attempt-1.log"));
    assertThat(log.statusCode()).isEqualTo(200);
    assertThat(log.getHeader("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(log.bodyAsString()).isEqualTo(TrialFiles.logLine(id, 1, 1));
    assertThat(log.getHeader("ETag"))
        .isEqualTo("\"" + ArtifactBytes.sha256(log.body().getBytes()) + "\"");
  }

  @Test
  void rangesAnswer206AndARangePastTheEnd416() throws Exception {
    String id = studyWithTwoTrials();
    byte[] all = TrialFiles.weights(1, 1, SIZE);
    String file = path(id, 1, "best.safetensors");
    HttpResponse<Buffer> middle = get(file, "Range", "bytes=1000-1999");
    assertThat(middle.statusCode()).isEqualTo(206);
    assertThat(middle.getHeader("Content-Range")).isEqualTo("bytes 1000-1999/" + SIZE);
    assertThat(middle.getHeader("Content-Length")).isEqualTo("1000");
    assertThat(middle.body().getBytes()).isEqualTo(Arrays.copyOfRange(all, 1000, 2000));
    HttpResponse<Buffer> tail = get(file, "Range", "bytes=-10");
    assertThat(tail.statusCode()).isEqualTo(206);
    assertThat(tail.body().getBytes()).isEqualTo(Arrays.copyOfRange(all, SIZE - 10, SIZE));
    HttpResponse<Buffer> rest = get(file, "Range", "bytes=" + (SIZE - 3) + "-");
    assertThat(rest.getHeader("Content-Range"))
        .isEqualTo("bytes " + (SIZE - 3) + "-" + (SIZE - 1) + "/" + SIZE);
    assertThat(rest.body().getBytes()).isEqualTo(Arrays.copyOfRange(all, SIZE - 3, SIZE));
    HttpResponse<Buffer> past = get(file, "Range", "bytes=" + SIZE + "-");
    assertThat(past.statusCode()).isEqualTo(416);
    assertThat(past.getHeader("Content-Range")).isEqualTo("bytes */" + SIZE);
    assertThat(past.bodyAsJsonObject().getString("error"))
        .contains("selects no byte of a file of " + SIZE + " bytes");
    assertThat(get(file, "Range", "bytes=0-1,5-9").statusCode())
        .as("several ranges: the whole file")
        .isEqualTo(200);
    HttpResponse<Buffer> logPart = get(path(id, 1, "attempt-1.log"), "Range", "bytes=0-4");
    assertThat(logPart.statusCode()).isEqualTo(206);
    assertThat(logPart.bodyAsString()).isEqualTo(TrialFiles.logLine(id, 1, 1).substring(0, 5));
  }

  @Test
  void aMatchingIfNoneMatchAnswers304AndAStaleIfRangeTheWholeFile() throws Exception {
    String id = studyWithTwoTrials();
    String file = path(id, 1, "best.safetensors");
    String etag = get(file).getHeader("ETag");
    HttpResponse<Buffer> cached = get(file, "If-None-Match", etag);
    assertThat(cached.statusCode()).isEqualTo(304);
    assertThat(cached.body()).isNull();
    assertThat(get(file, "If-None-Match", "\"" + "0".repeat(64) + "\"").statusCode())
        .isEqualTo(200);
    assertThat(get(file, "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);
    HttpResponse<Buffer> stale =
        get(file, "Range", "bytes=0-9", "If-Range", "\"" + "0".repeat(64) + "\"");
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body().length()).isEqualTo(SIZE);
    String logEtag = get(path(id, 1, "attempt-1.log")).getHeader("ETag");
    assertThat(get(path(id, 1, "attempt-1.log"), "If-None-Match", logEtag).statusCode())
        .isEqualTo(304);
  }

  @Test
  void deletedMissingAndUnknownArtifactsSayWhy() throws Exception {
    String id = studyWithTwoTrials();
    HttpResponse<Buffer> gone = get(path(id, 0, "best.safetensors"));
    assertThat(gone.statusCode()).isEqualTo(410);
    assertThat(gone.bodyAsJsonObject().getString("error"))
        .isEqualTo(
            "best.safetensors of trial 0 of study "
                + id
                + " was deleted by retention: only the weights of the best 1 complete trial(s) are"
                + " kept (retain: {best: 1}), and trial 0 is not one of them; its log is kept"
                + " (attempt-1.log)");
    assertThat(get(path(id, 0, "attempt-1.log")).bodyAsString())
        .isEqualTo(TrialFiles.logLine(id, 0, 1));

    store.delete(ArtifactRef.keyOf(id, 1, 1, "best.json"));
    HttpResponse<Buffer> missing = get(path(id, 1, "best.json"));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getString("error"))
        .contains(
            "the artifact store " + store.uri() + " has no object '" + id + "/1/1/best.json'",
            "check --artifacts on both");
    assertThat(get(path(id, 1, "last.safetensors")).bodyAsJsonObject().getString("error"))
        .isEqualTo(
            "trial 1 of study "
                + id
                + " has no artifact 'last.safetensors'; GET "
                + path(id, 1, null)
                + " lists them");
    assertThat(get(path(id, 7, null)).statusCode()).isEqualTo(404);
    assertThat(get(path(id, 1, "attempt-2.log")).statusCode()).isEqualTo(404);
    assertThat(get(path("nope", 0, null)).statusCode()).isEqualTo(404);
    assertThat(get(path(id, 1, null).replace("/1/", "/x/")).statusCode()).isEqualTo(400);
  }

  @Test
  void aCorruptedObjectNeverArrivesComplete() throws Exception {
    String id = studyWithTwoTrials();
    corrupt(ArtifactRef.keyOf(id, 1, 1, "best.safetensors"));
    HttpClient plain = HttpClient.newHttpClient();
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path(id, 1, "best.safetensors")))
            .build();
    assertThatThrownBy(
            () -> plain.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray()))
        .as("the connection is cut before the last chunk")
        .isInstanceOf(IOException.class);
    HttpResponse<Buffer> part = get(path(id, 1, "best.safetensors"), "Range", "bytes=0-99");
    assertThat(part.statusCode())
        .as("a range cannot be checked: the client checks the file")
        .isEqualTo(206);
  }

  @Test
  void deletingTheStudyWithArtifactsRemovesEveryFileAndJournalsIt() throws Exception {
    String id = studyWithTwoTrials();
    assertThat(
            await(
                    client
                        .delete(port, "127.0.0.1", "/api/studies/" + id + "?artifacts=maybe")
                        .putHeader("Content-Type", "application/json")
                        .send())
                .statusCode())
        .isEqualTo(400);
    HttpResponse<Buffer> r =
        await(
            client
                .delete(port, "127.0.0.1", "/api/studies/" + id + "?artifacts=true")
                .putHeader("Content-Type", "application/json")
                .send());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getBoolean("artifacts_deleted")).isTrue();
    assertThat(r.bodyAsJsonObject().getBoolean("archived")).isTrue();
    assertThat(store.list(id)).isEmpty();
    HttpResponse<Buffer> log = get(path(id, 1, "attempt-1.log"));
    assertThat(log.statusCode()).isEqualTo(410);
    assertThat(log.bodyAsJsonObject().getString("error"))
        .contains("was deleted with the study (DELETE /api/studies/" + id + "?artifacts=true)");
    JsonArray files = get(path(id, 1, null)).bodyAsJsonObject().getJsonArray("artifacts");
    assertThat(files.stream().map(f -> ((JsonObject) f).getString("deleted_reason")))
        .containsOnly("study_deleted");
  }
}
