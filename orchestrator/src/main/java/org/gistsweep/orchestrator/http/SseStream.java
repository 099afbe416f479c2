package org.gistsweep.orchestrator.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import org.gistsweep.orchestrator.service.StudyListener;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Server-Sent Events connection watching one study: a {@code snapshot} event with the full
 * study JSON first, then a {@code trial} event for every changed trial and a {@code study} event
 * (the summary) whenever counts, best or state change; a comment every keep-alive interval.
 * Events arrive on the study owner's context and are written on the HTTP connection's context.
 */
final class SseStream implements StudyListener {
  private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);

  private final Vertx vertx;
  private final Context httpContext;
  private final HttpServerResponse response;
  private final long keepAliveTimer;
  private AutoCloseable watch;
  private boolean snapshotSent;
  private String lastSummary;
  private final java.util.concurrent.atomic.AtomicInteger clients;
  private boolean closed;

  /** @param clients connected streams, for the {@code gist_sse_clients} gauge: counted up here, down on close */
  SseStream(Vertx vertx, Context httpContext, HttpServerResponse response, Duration keepAlive,
      java.util.concurrent.atomic.AtomicInteger clients) {
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
    response.write(": connected\n\n");
    keepAliveTimer = vertx.setPeriodic(keepAlive.toMillis(), id -> write(": keep-alive\n\n"));
  }

  /** Remembers the watch handle so that closing the connection ends it. */
  void watching(AutoCloseable handle) {
    if (closed) {
      stopWatch(handle);
    } else {
      watch = handle;
    }
  }

  @Override
  public void onStudyUpdated(StudySnapshot study) {
    httpContext.runOnContext(
        v -> {
          String summary = StudyJson.encode(StudyJson.summary(study));
          if (!snapshotSent) {
            snapshotSent = true;
            event("snapshot", StudyJson.render(study).encode());
          } else if (!summary.equals(lastSummary)) {
            event("study", summary);
          }
          lastSummary = summary;
        });
  }

  @Override
  public void onTrialUpdated(String studyId, TrialSnapshot trial) {
    httpContext.runOnContext(v -> event("trial", StudyJson.encode(StudyJson.trial(trial))));
  }

  private void event(String name, String json) {
    write("event: " + name + "\ndata: " + json + "\n\n");
  }

  private void write(String text) {
    if (!closed) {
      response.write(text);
    }
  }

  /** Ends the stream and the watch; idempotent. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    clients.decrementAndGet();
    vertx.cancelTimer(keepAliveTimer);
    if (watch != null) {
      stopWatch(watch);
    }
  }

  private static void stopWatch(AutoCloseable handle) {
    try {
      handle.close();
    } catch (Exception e) {
      LOG.warn("cannot stop a study watch: {}", e.toString());
    }
  }
}
