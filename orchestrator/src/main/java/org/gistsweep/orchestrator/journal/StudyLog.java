package org.gistsweep.orchestrator.journal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.gistsweep.common.wire.WireMessage;

/**
 * The orchestrator's durable record and its outbox in one port: journal entries and the messages to
 * workers that those entries caused are written together (all or nothing), so after a crash the
 * journal never lacks a trial a worker was sent, nor holds one that was never sent.
 *
 * <p>Implementations: {@code KafkaStudyLog} (one Kafka transaction per batch; the journal topic is
 * replayed at start) and {@link InMemoryStudyLog} (tests and the Kafka-less {@code serve}).
 */
public interface StudyLog extends AutoCloseable {

  /**
   * Every entry recorded by earlier runs, oldest first. Call once, before the first {@link
   * #append}; on Kafka it first fences off any older orchestrator still writing.
   */
  List<JournalEntry> recover();

  /**
   * Writes {@code entries} and {@code outbound} atomically, after everything appended before. Never
   * blocks; the future completes once both are durable. A store that is down is retried until it is
   * back, so the future fails only when the log can no longer write at all (closed, or fenced by a
   * newer orchestrator).
   */
  CompletableFuture<Void> append(List<JournalEntry> entries, List<WireMessage> outbound);

  /**
   * Since when the store has answered without interruption; empty while it is unreachable. The
   * orchestrator does not count a worker's silence before this instant against its lease, since the
   * worker's heartbeats could not have arrived.
   */
  Optional<Instant> reachableSince();

  /** Stops writing; appends not yet durable fail. Idempotent. */
  @Override
  void close();
}
