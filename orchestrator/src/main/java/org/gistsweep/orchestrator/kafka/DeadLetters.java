package org.gistsweep.orchestrator.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.gistsweep.common.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies poison records to {@link Topics#DEAD_LETTERS} with the reason in header {@link
 * Topics#DEAD_LETTER_REASON_HEADER} and the origin in {@code gist.dead-letter.source}. Used only
 * by the consumer thread; {@link #flush()} waits until the copies are durable, before the offsets
 * of the originals are committed.
 */
final class DeadLetters {
  static final String SOURCE_HEADER = "gist.dead-letter.source";
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  private final Producer<String, byte[]> producer;
  private final List<Future<RecordMetadata>> pending = new ArrayList<>();
  private final AtomicLong count = new AtomicLong();

  DeadLetters(Producer<String, byte[]> producer) {
    this.producer = producer;
  }

  void send(ConsumerRecord<String, byte[]> r, String reason) {
    String source = r.topic() + "-" + r.partition() + "@" + r.offset();
    LOG.warn("dead-lettering record {}: {}", source, reason);
    ProducerRecord<String, byte[]> copy = new ProducerRecord<>(Topics.DEAD_LETTERS, r.key(), r.value());
    for (Header h : r.headers()) {
      copy.headers().add(h);
    }
    copy.headers().add(Topics.DEAD_LETTER_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    copy.headers().add(SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
    pending.add(producer.send(copy));
  }

  /** Waits for every copy sent since the last flush; throws if one could not be written. */
  void flush() {
    try {
      for (Future<RecordMetadata> f : pending) {
        f.get(KafkaClients.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        count.incrementAndGet();
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaException("cannot write to " + Topics.DEAD_LETTERS + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while writing to " + Topics.DEAD_LETTERS, e);
    } finally {
      pending.clear();
    }
  }

  long count() {
    return count.get();
  }
}
