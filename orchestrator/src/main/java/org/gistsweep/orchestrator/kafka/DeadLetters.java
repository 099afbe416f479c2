package org.gistsweep.orchestrator.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
import org.gistsweep.common.wire.DeadLetterKind;
import org.gistsweep.common.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies poison records to {@link Topics#DEAD_LETTERS} with the reason in header {@link
 * Topics#DEAD_LETTER_REASON_HEADER}, its kind in {@link Topics#DEAD_LETTER_KIND_HEADER} and the
 * origin in {@code gist.dead-letter.source}; counts them, in all and by kind. Used only by the
 * consumer thread; {@link #flush()} waits until the copies are durable, before the offsets of the
 * originals are committed.
 */
final class DeadLetters {
  static final String SOURCE_HEADER = "gist.dead-letter.source";
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  private final Producer<String, byte[]> producer;

  private record Pending(Future<RecordMetadata> sent, DeadLetterKind kind) {}

  private final List<Pending> pending = new ArrayList<>();
  private final AtomicLong count = new AtomicLong();
  private final Map<DeadLetterKind, AtomicLong> byKind = new EnumMap<>(DeadLetterKind.class);

  DeadLetters(Producer<String, byte[]> producer) {
    this.producer = producer;
    for (DeadLetterKind k : DeadLetterKind.values()) {
      byKind.put(k, new AtomicLong());
    }
  }

  void send(ConsumerRecord<String, byte[]> r, DeadLetterKind kind, String reason) {
    String source = r.topic() + "-" + r.partition() + "@" + r.offset();
    LOG.warn("dead-lettering record {} ({}): {}", source, kind.tag(), reason);
    ProducerRecord<String, byte[]> copy =
        new ProducerRecord<>(Topics.DEAD_LETTERS, r.key(), r.value());
    for (Header h : r.headers()) {
      copy.headers().add(h);
    }
    copy.headers().add(Topics.DEAD_LETTER_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    copy.headers().add(Topics.DEAD_LETTER_KIND_HEADER, kind.tag().getBytes(StandardCharsets.UTF_8));
    copy.headers().add(SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
    pending.add(new Pending(producer.send(copy), kind));
  }

  /** Waits for every copy sent since the last flush; throws if one could not be written. */
  void flush() {
    try {
      for (Pending p : pending) {
        p.sent().get(KafkaClients.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        count.incrementAndGet();
        byKind.get(p.kind()).incrementAndGet();
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

  long count(DeadLetterKind kind) {
    return byKind.get(kind).get();
  }
}
