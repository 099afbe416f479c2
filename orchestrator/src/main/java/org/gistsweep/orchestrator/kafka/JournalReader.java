package org.gistsweep.orchestrator.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.gistsweep.common.wire.Topics;

/**
 * Reads the journal topic's committed records (one partition) from an offset to its end, as the end
 * stood when the read began. Short-lived: one consumer per read.
 */
final class JournalReader {
  private static final TopicPartition PARTITION = new TopicPartition(Topics.JOURNAL, 0);

  private JournalReader() {}

  /**
   * Every committed record value from {@code from} (clamped to the log start) to the end; fails
   * only when no record arrives for {@code timeout}, however long the journal.
   */
  static List<byte[]> read(
      String bootstrap, Map<String, String> overrides, long from, Duration timeout) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(KafkaClients.journalReaderConfig(bootstrap, overrides))) {
      consumer.assign(List.of(PARTITION));
      long end = consumer.endOffsets(List.of(PARTITION), timeout).get(PARTITION);
      long start = consumer.beginningOffsets(List.of(PARTITION), timeout).get(PARTITION);
      consumer.seek(PARTITION, Math.max(from, start));
      List<byte[]> values = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (consumer.position(PARTITION, timeout) < end) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException(
              "reading the journal stalled for " + timeout.toSeconds() + " s before offset " + end);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() < end) {
            values.add(r.value());
          }
          deadline = System.nanoTime() + timeout.toNanos();
        }
      }
      return values;
    }
  }

  /** The journal's end offset (committed records only). */
  static long end(String bootstrap, Map<String, String> overrides, Duration timeout) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(KafkaClients.journalReaderConfig(bootstrap, overrides))) {
      return consumer.endOffsets(List.of(PARTITION), timeout).get(PARTITION);
    }
  }
}
