package org.gistsweep.orchestrator.http;

import java.util.Optional;

/**
 * An SSE event id, {@code <stream>.<seq>}: the stream names one server run's feed of one study (a
 * restarted server numbers from 1 again under a new stream name), {@code seq} the event within it.
 * A browser sends the last one back as {@code Last-Event-ID} when it reconnects.
 */
record EventId(String stream, long seq) {

  @Override
  public String toString() {
    return stream + "." + seq;
  }

  /** Parses an id; empty when absent or malformed (the client then gets a fresh snapshot). */
  static Optional<EventId> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int dot = text.lastIndexOf('.');
    if (dot <= 0 || dot == text.length() - 1) {
      return Optional.empty();
    }
    try {
      long seq = Long.parseLong(text.substring(dot + 1));
      return seq < 0 ? Optional.empty() : Optional.of(new EventId(text.substring(0, dot), seq));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
