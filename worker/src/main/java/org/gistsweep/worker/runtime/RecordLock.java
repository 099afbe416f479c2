package org.gistsweep.worker.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The share-group acquisition lock on the one trial record a worker holds. Used only by the poll
 * thread, which owns the consumer.
 *
 * <p>Kafka 4.4 behaviour this class hides: a {@code RENEW} acknowledgement takes the record out of
 * flight, and only the next {@code poll()} hands it back (that poll returns the renewed record and
 * fetches nothing new); until then any other acknowledgement of it throws {@link
 * IllegalStateException}. So {@link #renew()} polls once after the commit.
 *
 * <p>The lock can be lost (a broker restart, an expired lock, a failed commit). Then the broker may
 * give the record to another worker; once this worker's {@code trial_started} is applied, the
 * orchestrator ignores reports from any other worker handed the same attempt. Losing the lock is
 * therefore logged, never thrown: the trial goes on.
 */
final class RecordLock {
  private static final Logger LOG = LoggerFactory.getLogger(RecordLock.class);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration HAND_BACK_POLL = Duration.ofMillis(200);

  private final KafkaShareConsumer<String, byte[]> consumer;
  private final ConsumerRecord<String, byte[]> record;
  private final String workerId;
  private boolean inFlight = true;

  RecordLock(
      KafkaShareConsumer<String, byte[]> consumer,
      ConsumerRecord<String, byte[]> record,
      String workerId) {
    this.consumer = consumer;
    this.record = record;
    this.workerId = workerId;
  }

  /** Extends the lock; true while this worker still holds the record. */
  boolean renew() {
    if (!inFlight) {
      return false;
    }
    inFlight = false;
    try {
      consumer.acknowledge(record, AcknowledgeType.RENEW);
      String error = commit();
      if (error != null) {
        LOG.warn("worker {}: lost the lock on trial record {} ({})", workerId, where(), error);
        return false;
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(HAND_BACK_POLL)) {
        if (r.topic().equals(record.topic())
            && r.partition() == record.partition()
            && r.offset() == record.offset()) {
          inFlight = true;
        } else {
          consumer.acknowledge(r, AcknowledgeType.RELEASE);
          commit();
        }
      }
      if (!inFlight) {
        LOG.warn(
            "worker {}: the renewed trial record {} was not handed back by poll",
            workerId,
            where());
      }
      return inFlight;
    } catch (KafkaException | IllegalStateException e) {
      LOG.warn(
          "worker {}: cannot renew the lock on trial record {} ({})",
          workerId,
          where(),
          e.toString());
      return false;
    }
  }

  /**
   * Acknowledges the record with {@code type} (ACCEPT or RELEASE) unless it was already settled or
   * the lock is lost; true when the broker took the acknowledgement.
   */
  boolean settle(AcknowledgeType type) {
    if (!inFlight) {
      return false;
    }
    inFlight = false;
    try {
      consumer.acknowledge(record, type);
      String error = commit();
      if (error != null) {
        LOG.warn(
            "worker {}: {} of trial record {} refused ({}); the orchestrator's lease guards the"
                + " trial",
            workerId,
            type,
            where(),
            error);
        return false;
      }
      return true;
    } catch (KafkaException | IllegalStateException e) {
      LOG.warn(
          "worker {}: cannot {} trial record {} ({}); the orchestrator's lease guards the trial",
          workerId,
          type,
          where(),
          e.toString());
      return false;
    }
  }

  /** Commits pending acknowledgements; the first per-partition error, or {@code null}. */
  private String commit() {
    Map<TopicIdPartition, Optional<KafkaException>> result = consumer.commitSync(COMMIT_TIMEOUT);
    return result.values().stream()
        .flatMap(Optional::stream)
        .map(Throwable::toString)
        .findFirst()
        .orElse(null);
  }

  private String where() {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }
}
