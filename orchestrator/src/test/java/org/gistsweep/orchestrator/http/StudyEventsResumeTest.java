package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.testing.Events;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A study's event stream over a real connection: every event has an id, and a client that drops the
 * connection and comes back with {@code Last-Event-ID} gets exactly the events it missed, in order
 * (no gap, no duplicate); an id it cannot resume from gets a fresh snapshot.
 */
@ExtendWith(VertxExtension.class)
class StudyEventsResumeTest {
  private static final Pattern EVENT = Pattern.compile("id: (\\S+)\nevent: (\\w+)\ndata: (.*)\n\n");

  private final FakePublisher publisher = new FakePublisher();
  private StudyService service;
  private HttpClient http;
  private int port;
  private String id;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    service = new StudyService(vertx, publisher, MutableClock.fixed());
    HttpVerticle verticle = new HttpVerticle(service, "127.0.0.1", 0, Duration.ofSeconds(30));
    await(vertx.deployVerticle(verticle));
    port = verticle.actualPort();
    http = vertx.createHttpClient();
    CompletableFuture<Void> issued = new CompletableFuture<>();
    publisher.onAssignment(a -> issued.complete(null));
    id =
        await(
                WebClient.create(vertx)
                    .post(port, "127.0.0.1", "/api/studies")
                    .putHeader("Content-Type", "application/json")
                    .sendBuffer(
                        Buffer.buffer(
                            """
                            {"name": "resume", "budget": {"trials": 3, "parallel": 3, "epochs": 5}, "sampler": {"type": "random", "seed": 1},
                             "training": {"peft": "adapter"}, "space": {"lr": {"type": "float", "low": 0.001, "high": 0.1, "log": true}}}
                            """)))
            .bodyAsJsonObject()
            .getString("id");
    issued.get(10, TimeUnit.SECONDS);
  }

  /** The events of one connection as they arrive: [id, name, data]. */
  private final class Connection {
    final List<String[]> events = new ArrayList<>();
    final StringBuilder text = new StringBuilder();
    HttpClientResponse response;

    Connection(String lastEventId) throws Exception {
      RequestOptions options =
          new RequestOptions()
              .setMethod(HttpMethod.GET)
              .setHost("127.0.0.1")
              .setPort(port)
              .setURI("/api/studies/" + id + "/events");
      if (lastEventId != null) {
        options.addHeader("Last-Event-ID", lastEventId);
      }
      // the handler is set on the event loop as the response head arrives, before any chunk:
      // listening
      // only once send() has completed could miss the snapshot on a busy machine
      response =
          await(
              http.request(options)
                  .compose(
                      r ->
                          r.send()
                              .onSuccess(
                                  resp ->
                                      resp.handler(
                                          chunk -> {
                                            synchronized (this) {
                                              text.append(chunk.toString());
                                              Matcher m = EVENT.matcher(text);
                                              int end = 0;
                                              while (m.find()) {
                                                events.add(
                                                    new String[] {
                                                      m.group(1), m.group(2), m.group(3)
                                                    });
                                                end = m.end();
                                              }
                                              text.delete(0, end);
                                            }
                                          }))));
    }

    synchronized String pending() {
      return text.toString();
    }

    /** Waits for {@code count} trial events. */
    void awaitTrialEvents(int count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (events().stream().filter(e -> e[1].equals("trial")).count() < count) {
        assertThat(System.nanoTime()).as("waiting for %d trial events", count).isLessThan(deadline);
        Thread.sleep(10);
      }
    }

    synchronized int size() {
      return events.size();
    }

    synchronized List<String[]> events() {
      return List.copyOf(events);
    }

    void awaitEvents(int count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (size() < count) {
        assertThat(System.nanoTime())
            .as("waiting for %d events, got %s; pending text: %s", count, size(), pending())
            .isLessThan(deadline);
        Thread.sleep(10);
      }
    }

    void close() throws Exception {
      await(response.request().connection().close());
    }
  }

  @Test
  void aReconnectWithTheLastIdGetsExactlyTheMissedEvents() throws Exception {
    Connection first = new Connection(null);
    first.awaitEvents(1);
    assertThat(first.events().get(0)[1]).isEqualTo("snapshot");
    service.apply(List.of(Events.started(id, 0, 1, "w1"))).get(10, TimeUnit.SECONDS);
    first.awaitEvents(2);
    String last = first.events().get(first.size() - 1)[0];
    first.close();

    service
        .apply(List.of(Events.epoch(id, 0, 1, 1, 0.4), Events.started(id, 1, 1, "w2")))
        .get(10, TimeUnit.SECONDS);
    service.apply(List.of(Events.epoch(id, 0, 1, 2, 0.5))).get(10, TimeUnit.SECONDS);
    Connection watcher = new Connection(null);
    watcher.awaitEvents(1);

    Connection resumed = new Connection(last);
    service.apply(List.of(Events.epoch(id, 1, 1, 1, 0.3))).get(10, TimeUnit.SECONDS);
    resumed.awaitTrialEvents(4);
    List<String[]> got = resumed.events();
    assertThat(got).noneMatch(e -> e[1].equals("snapshot"));
    long previous = seq(last);
    for (String[] e : got) {
      assertThat(seq(e[0])).as("event ids follow each other without a gap").isEqualTo(previous + 1);
      previous = seq(e[0]);
    }
    List<String> trialSteps =
        got.stream()
            .filter(e -> e[1].equals("trial"))
            .map(e -> new JsonObject(e[2]))
            .map(t -> t.getInteger("number") + "@" + t.getInteger("current_epoch"))
            .toList();
    assertThat(trialSteps).containsExactly("0@1", "1@0", "0@2", "1@1");
  }

  @Test
  void anIdFromAnotherRunOrTooOldGetsAFreshSnapshot() throws Exception {
    Connection stranger = new Connection("someotherrun.12");
    stranger.awaitEvents(1);
    assertThat(stranger.events().get(0)[1]).isEqualTo("snapshot");
    JsonObject snapshot = new JsonObject(stranger.events().get(0)[2]);
    assertThat(snapshot.getJsonArray("trials")).hasSize(3);
    String current = stranger.events().get(0)[0];
    Connection ahead = new Connection(current.substring(0, current.lastIndexOf('.')) + ".999999");
    ahead.awaitEvents(1);
    assertThat(ahead.events().get(0)[1]).isEqualTo("snapshot");
  }

  private static long seq(String eventId) {
    return Long.parseLong(eventId.substring(eventId.lastIndexOf('.') + 1));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
