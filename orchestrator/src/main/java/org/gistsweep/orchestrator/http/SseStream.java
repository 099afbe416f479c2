package org.gistsweep.orchestrator.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.gistsweep.orchestrator.study.StudySnapshot;

/**
 * One Server-Sent Events connection. For a study ({@code /api/studies/{id}/events}): a {@code
 * snapshot} event with the full study JSON first, then a {@code trial} event for every changed
 * trial and a {@code study} event (the summary) whenever counts, best or state change. Every event
 * carries an id ({@link EventId}); a browser that reconnects sends the last one as {@code
 * Last-Event-ID} and gets exactly the events it missed (or a fresh snapshot, see {@link
 * StudyFeed}). The stream asks browsers to retry after 1 s and sends a comment every keep-alive
 * interval. Events may be handed in from any thread; they are written, in order, on the
 * connection's context.
 */
final class SseStream implements StudyFeed.Subscriber {
  private static final int RETRY_MILLIS = 1000;

  private final Vertx vertx;
  private final Context httpContext;
  private final HttpServerResponse response;
  private final long keepAliveTimer;
  private Runnable onClose = () -> {};
  private final AtomicInteger clients;
  private boolean closed;

  /**
   * @param clients connected streams, for the {@code gist_sse_clients} gauge: counted up here, down
   *     on close
   */
  SseStream(
      Vertx vertx,
      Context httpContext,
      HttpServerResponse response,
      Duration keepAlive,
      AtomicInteger clients) {
    this.vertx = vertx;
    this.clients = clients;
    clients.incrementAndGet();
    this.httpContext = httpContext;
    this.response = response;
    response
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    response.closeHandler(v -> close());
    response.exceptionHandler(e -> close());
    response.write("retry: " + RETRY_MILLIS + "\n: connected\n\n");
    keepAliveTimer = vertx.setPeriodic(keepAlive.toMillis(), id -> write(": keep-alive\n\n"));
  }

  /** Runs {@code action} once when the connection closes (at once if it already has). */
  void onClose(Runnable action) {
    httpContext.runOnContext(
        v -> {
          if (closed) {
            action.run();
          } else {
            onClose = action;
          }
        });
  }

  @Override
  public void snapshot(EventId id, StudySnapshot study) {
    send(id, "snapshot", () -> StudyJson.render(study).encode());
  }

  @Override
  public void event(EventId id, String name, String data) {
    send(id, name, () -> data);
  }

  /** Writes one event; {@code data} is computed on the connection's context. */
  void send(EventId id, String name, Supplier<String> data) {
    httpContext.runOnContext(
        v -> {
          if (!closed) {
            write("id: " + id + "\nevent: " + name + "\ndata: " + data.get() + "\n\n");
          }
        });
  }

  private void write(String text) {
    if (!closed) {
      response.write(text);
    }
  }

  /** Ends the stream; idempotent. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    clients.decrementAndGet();
    vertx.cancelTimer(keepAliveTimer);
    onClose.run();
  }
}
