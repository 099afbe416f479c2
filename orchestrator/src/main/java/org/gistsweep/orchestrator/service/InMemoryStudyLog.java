package org.gistsweep.orchestrator.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.journal.JournalEntry;
import org.gistsweep.orchestrator.journal.StudyLog;
import org.gistsweep.orchestrator.kafka.TrialPublisher;

/**
 * A {@link StudyLog} kept in memory: entries survive as long as this object (a second orchestrator
 * over the same instance recovers them, which is how tests restart one), and outbound messages go
 * to a {@link TrialPublisher} in order. Nothing survives the process.
 */
public final class InMemoryStudyLog implements StudyLog {
  private final TrialPublisher publisher;
  private final Instant since = Instant.now();
  private final List<JournalEntry> entries = new ArrayList<>();

  /**
   * @param publisher where outbound messages go; closed with this log
   */
  public InMemoryStudyLog(TrialPublisher publisher) {
    this(publisher, List.of());
  }

  /** A log that starts with {@code earlier} entries, as after a restart (tests). */
  public InMemoryStudyLog(TrialPublisher publisher, List<JournalEntry> earlier) {
    this.publisher = publisher;
    this.entries.addAll(earlier);
  }

  @Override
  public synchronized List<JournalEntry> recover() {
    return List.copyOf(entries);
  }

  @Override
  public CompletableFuture<Void> append(List<JournalEntry> newEntries, List<WireMessage> outbound) {
    synchronized (this) {
      entries.addAll(newEntries);
    }
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (WireMessage m : outbound) {
      if (m instanceof TrialAssignment a) {
        sent.add(publisher.publish(a));
      } else if (m instanceof TrialControl c) {
        sent.add(publisher.publish(c));
      } else {
        sent.add(
            CompletableFuture.failedFuture(
                new IllegalArgumentException("not an outbound message: " + m)));
      }
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  @Override
  public Optional<Instant> reachableSince() {
    return Optional.of(since);
  }

  /** Every entry appended so far (tests). */
  public synchronized List<JournalEntry> entries() {
    return List.copyOf(entries);
  }

  @Override
  public void close() {
    publisher.close();
  }
}
