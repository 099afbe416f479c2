package org.gistsweep.orchestrator.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import org.gistsweep.orchestrator.service.StudyListener;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.study.StudySnapshot;

/**
 * {@code GET /api/events}: every study's summary, live, for the console's study list. A connection
 * gets a {@code studies} event ({@code {"studies": [summary, ...]}}, as {@code GET /api/studies})
 * and then a {@code study} event whenever one study's summary changes (a new study included).
 * Summaries replace each other by id, so a reconnect simply starts over from a fresh {@code
 * studies} event. Registered once per server as a listener of every study.
 */
final class StudiesFeed implements StudyListener {
  private final StudyService service;
  private final String stream;
  private final AtomicLong seq = new AtomicLong();
  private final Set<SseStream> streams = new CopyOnWriteArraySet<>();

  /** Last summary sent per study; touched only on the owner context. */
  private final Map<String, String> lastSummaries = new HashMap<>();

  StudiesFeed(StudyService service, String stream) {
    this.service = service;
    this.stream = stream;
  }

  /** Adds a connection: first every study, then each change. */
  void attach(SseStream s) {
    streams.add(s);
    s.onClose(() -> streams.remove(s));
    EventId id = new EventId(stream, seq.get());
    s.send(
        id,
        "studies",
        () -> StudyJson.encode(Map.of("studies", StudyJson.summaries(service.studies()))));
  }

  @Override
  public void onStudyUpdated(StudySnapshot study) {
    if (streams.isEmpty()) {
      lastSummaries.clear();
      return;
    }
    String summary = StudyJson.encode(StudyJson.summary(study));
    if (summary.equals(lastSummaries.put(study.id(), summary))) {
      return;
    }
    EventId id = new EventId(stream, seq.incrementAndGet());
    for (SseStream s : streams) {
      s.event(id, "study", summary);
    }
  }
}
