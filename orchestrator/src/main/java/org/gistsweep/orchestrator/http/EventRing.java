package org.gistsweep.orchestrator.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recent events of one stream, numbered by a sequence that only grows, kept up to a number of
 * events and of characters. A client that reconnects after event {@code n} gets the events after
 * {@code n} from here while they are still held; once older events were dropped it needs a fresh
 * snapshot. Not thread-safe: one owner context uses it.
 */
final class EventRing {
  /** One event: its sequence number, SSE event name and JSON data. */
  record Event(long seq, String name, String data) {}

  private final int maxEvents;
  private final long maxChars;
  private final ArrayDeque<Event> events = new ArrayDeque<>();
  private long chars;
  private long lastSeq;

  /**
   * @param maxEvents most events kept (at least 1)
   * @param maxChars most characters of event data kept; the newest event is always kept
   */
  EventRing(int maxEvents, long maxChars) {
    if (maxEvents < 1 || maxChars < 1) {
      throw new IllegalArgumentException(
          "an event ring needs room for at least one event, got "
              + maxEvents
              + " events, "
              + maxChars
              + " chars");
    }
    this.maxEvents = maxEvents;
    this.maxChars = maxChars;
  }

  /** Numbers and keeps a new event, dropping the oldest beyond the bounds. */
  Event append(String name, String data) {
    Event e = new Event(++lastSeq, name, data);
    events.addLast(e);
    chars += data.length();
    while (events.size() > maxEvents || (chars > maxChars && events.size() > 1)) {
      chars -= events.removeFirst().data().length();
    }
    return e;
  }

  /** The number of the latest event, 0 before the first. */
  long lastSeq() {
    return lastSeq;
  }

  /**
   * The events after {@code seq}, oldest first (empty when {@code seq} is the latest), or empty
   * when some of them are no longer held or {@code seq} was never issued.
   */
  Optional<List<Event>> after(long seq) {
    if (seq > lastSeq || seq < 0) {
      return Optional.empty();
    }
    if (seq == lastSeq) {
      return Optional.of(List.of());
    }
    if (events.isEmpty() || events.peekFirst().seq() > seq + 1) {
      return Optional.empty();
    }
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      if (e.seq() > seq) {
        out.add(e);
      }
    }
    return Optional.of(out);
  }
}
