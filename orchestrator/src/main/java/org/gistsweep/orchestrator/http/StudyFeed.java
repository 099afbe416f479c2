package org.gistsweep.orchestrator.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gistsweep.orchestrator.service.StudyListener;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;

/**
 * The numbered event stream of one study, shared by every SSE connection watching it: each change
 * becomes one {@code trial} or {@code study} event, encoded once, numbered, kept in an {@link
 * EventRing} and handed to the subscribers. A subscriber that names the last event it saw gets the
 * ones after it (no gap, no duplicate) while the ring still holds them, else a fresh snapshot.
 *
 * <p>It watches the study through {@code StudyService.watch}, so its listener methods run on the
 * study owner's context, in order; subscribing runs there too, which makes "the events after n" and
 * "the snapshot as of n" exact.
 */
final class StudyFeed implements StudyListener {
  /** Receives a feed's events; called on the owner context, so it must only hand them on. */
  interface Subscriber {
    /** Start (or start over) from the whole study as of event {@code id}. */
    void snapshot(EventId id, StudySnapshot study);

    /** One event after the previous one. */
    void event(EventId id, String name, String data);
  }

  private final String stream;
  private final EventRing ring;
  private final List<Subscriber> subscribers = new ArrayList<>();
  private final List<Runnable> beforeFirstUpdate = new ArrayList<>();
  private Context owner;
  private StudySnapshot latest;
  private String lastSummary;

  /** A feed whose event ids are {@code <stream>.<seq>}. */
  StudyFeed(String stream, EventRing ring) {
    this.stream = stream;
    this.ring = ring;
  }

  /**
   * Adds {@code s}: the events after {@code lastSeen} if still held, else a snapshot; then every
   * new event.
   */
  void attach(Subscriber s, Optional<EventId> lastSeen) {
    onOwner(
        () -> {
          Optional<List<EventRing.Event>> missed =
              lastSeen.filter(id -> id.stream().equals(stream)).flatMap(id -> ring.after(id.seq()));
          if (missed.isPresent()) {
            missed.get().forEach(e -> s.event(new EventId(stream, e.seq()), e.name(), e.data()));
          } else {
            s.snapshot(new EventId(stream, ring.lastSeq()), latest);
          }
          subscribers.add(s);
        });
  }

  /** Removes {@code s}; no event reaches it afterwards. */
  void detach(Subscriber s) {
    onOwner(() -> subscribers.remove(s));
  }

  @Override
  public void onStudyUpdated(StudySnapshot study) {
    String summary = StudyJson.encode(StudyJson.summary(study));
    latest = study;
    List<Runnable> waiting;
    synchronized (this) {
      if (owner != null) {
        waiting = List.of();
      } else {
        owner = Vertx.currentContext();
        waiting = List.copyOf(beforeFirstUpdate);
        beforeFirstUpdate.clear();
        lastSummary = summary;
      }
    }
    if (!summary.equals(lastSummary)) {
      lastSummary = summary;
      publish("study", summary);
    }
    waiting.forEach(Runnable::run);
  }

  @Override
  public void onTrialUpdated(String studyId, TrialSnapshot trial) {
    publish("trial", StudyJson.encode(StudyJson.trial(trial)));
  }

  private void publish(String name, String data) {
    EventRing.Event e = ring.append(name, data);
    EventId id = new EventId(stream, e.seq());
    for (Subscriber s : subscribers) {
      s.event(id, name, data);
    }
  }

  private void onOwner(Runnable action) {
    Context at;
    synchronized (this) {
      if (owner == null) {
        beforeFirstUpdate.add(action);
        return;
      }
      at = owner;
    }
    at.runOnContext(v -> action.run());
  }
}
