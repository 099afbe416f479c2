package org.gistsweep.orchestrator.http;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.gistsweep.orchestrator.service.StudyService;

/**
 * One {@link StudyFeed} per study that has had a viewer, created on first use and kept while the
 * server runs (its ring is bounded), so that a viewer who reconnects finds the events it missed.
 */
final class StudyFeeds {
  /** Events kept per study for reconnecting viewers. */
  static final int RING_EVENTS = 4096;

  /** Characters of event data kept per study (about 8 MB of memory at most). */
  static final long RING_CHARS = 4L << 20;

  private final StudyService service;
  private final String stream;
  private final int ringEvents;
  private final long ringChars;
  private final Map<String, CompletableFuture<StudyFeed>> feeds = new ConcurrentHashMap<>();

  /**
   * @param stream this server run's stream name, the first part of every event id; a new run must
   *     use a new one so that ids from an earlier run are never mistaken for this run's
   */
  StudyFeeds(StudyService service, String stream, int ringEvents, long ringChars) {
    this.service = service;
    this.stream = stream;
    this.ringEvents = ringEvents;
    this.ringChars = ringChars;
  }

  /** The feed of {@code studyId}; fails for an unknown study. */
  CompletableFuture<StudyFeed> feed(String studyId) {
    CompletableFuture<StudyFeed> f =
        feeds.computeIfAbsent(
            studyId,
            id -> {
              StudyFeed feed = new StudyFeed(stream, new EventRing(ringEvents, ringChars));
              return service.watch(id, feed).thenApply(handle -> feed);
            });
    f.whenComplete(
        (ok, error) -> {
          if (error != null) {
            feeds.remove(studyId, f);
          }
        });
    return f;
  }
}
