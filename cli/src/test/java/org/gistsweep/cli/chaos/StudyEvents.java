package org.gistsweep.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.gistsweep.testsupport.Waits;

/**
 * Follows a study's Server-Sent Events ({@code GET /api/studies/{id}/events}: a {@code snapshot} on
 * connect, then a {@code trial} event for every change of a trial) on a background thread, and
 * connects again whenever the stream ends, so it sees every change an orchestrator publishes and
 * the state each restarted orchestrator starts from.
 */
final class StudyEvents implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RECONNECT = Duration.ofMillis(300);

  private final URI uri;
  private final BiConsumer<String, JsonNode> onEvent;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Stream<String> current;
  private volatile int connections;

  /** Starts following; {@code onEvent} gets each event's name and data, on the reader thread. */
  StudyEvents(OrchestratorApi api, String study, BiConsumer<String, JsonNode> onEvent) {
    this.uri = URI.create(api.base() + "/api/studies/" + study + "/events");
    this.onEvent = onEvent;
    this.thread = new Thread(this::run, "study-events-" + study);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void run() {
    while (running) {
      try {
        HttpResponse<Stream<String>> r =
            client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() == 200) {
          connections++;
          current = r.body();
          read(r.body().iterator());
        } else {
          r.body().close();
        }
      } catch (IOException | RuntimeException e) {
        // the orchestrator is down or restarting, or the stream broke: connect again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (running) {
        Waits.pause(RECONNECT);
      }
    }
  }

  private void read(Iterator<String> lines) throws IOException {
    String event = null;
    while (running && lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("event: ")) {
        event = line.substring("event: ".length());
      } else if (line.startsWith("data: ") && event != null) {
        onEvent.accept(event, JSON.readTree(line.substring("data: ".length())));
        event = null;
      }
    }
  }

  /** How many times a stream was opened (1 + reconnections). */
  int connections() {
    return connections;
  }

  /**
   * Stops following and waits (at most 10 s) for the reader thread. The stream is closed on a
   * thread of its own: the JDK's line reader holds its lock while it waits for the next line, so a
   * close from here could wait as long as the server sends nothing.
   */
  @Override
  public void close() {
    running = false;
    Stream<String> s = current;
    if (s != null) {
      Thread closer = new Thread(s::close, thread.getName() + "-close");
      closer.setDaemon(true);
      closer.start();
    }
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
