package org.gistsweep.cli.loadharness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.common.wire.WireMessage;

/**
 * Worker events to {@code gist.events} through a few shared producers configured as the worker's
 * own ({@code acks=all}, idempotent, no linger), keyed by trial so each trial's events stay in
 * order. Counts every event the broker acknowledged, by type.
 */
final class EventSender implements AutoCloseable {
  private static final Duration DURABLE_WAIT = Duration.ofSeconds(30);

  private final List<KafkaProducer<String, byte[]>> producers = new ArrayList<>();
  private final EventCounts acked = new EventCounts();
  private final AtomicLong failed = new AtomicLong();

  EventSender(String bootstrap, int count) {
    for (int i = 0; i < count; i++) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ProducerConfig.CLIENT_ID_CONFIG, "gist-load-events-" + i);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
      p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
      p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
      producers.add(new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer()));
    }
  }

  /** Sends without waiting (heartbeats, epoch metrics), on the producer of {@code worker}. */
  void send(int worker, WireMessage m) {
    producer(worker).send(record(m), (meta, error) -> count(m, error));
  }

  /** Sends and waits until the broker has it (started, finished): the worker's durable sends. */
  void sendDurably(int worker, WireMessage m) {
    try {
      producer(worker)
          .send(record(m), (meta, error) -> count(m, error))
          .get(DURABLE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while publishing " + m.getClass().getSimpleName(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot publish " + m.getClass().getSimpleName() + ": " + e, e);
    }
  }

  /** Waits until every event sent so far is acknowledged or failed. */
  void flush() {
    producers.forEach(KafkaProducer::flush);
  }

  /** Events the broker acknowledged, by type. */
  EventCounts acked() {
    return acked;
  }

  /** Events the broker refused or that timed out. */
  long failed() {
    return failed.get();
  }

  private void count(WireMessage m, Exception error) {
    if (error == null) {
      acked.add(m);
    } else {
      failed.incrementAndGet();
    }
  }

  private KafkaProducer<String, byte[]> producer(int worker) {
    return producers.get(worker % producers.size());
  }

  private static ProducerRecord<String, byte[]> record(WireMessage m) {
    return new ProducerRecord<>(Topics.EVENTS, m.key(), WireCodec.encode(m));
  }

  @Override
  public void close() {
    producers.forEach(p -> p.close(Duration.ofSeconds(10)));
  }
}
