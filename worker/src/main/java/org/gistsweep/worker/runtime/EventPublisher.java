package org.gistsweep.worker.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.common.wire.WireMessage;

/** Publishes worker events to {@link Topics#EVENTS}; thread-safe. */
final class EventPublisher implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;

  EventPublisher(String bootstrap, Map<String, String> overrides) {
    producer =
        new KafkaProducer<>(
            KafkaConfigs.producer(bootstrap, overrides),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /** Sends without waiting (metrics, heartbeats). */
  void send(WireMessage message) {
    producer.send(new ProducerRecord<>(Topics.EVENTS, message.key(), WireCodec.encode(message)));
  }

  /**
   * Sends and waits until the broker has it: used for outcomes, before the trial is acknowledged.
   */
  void sendDurably(WireMessage message) {
    try {
      producer
          .send(new ProducerRecord<>(Topics.EVENTS, message.key(), WireCodec.encode(message)))
          .get(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkerException(
          "interrupted while publishing " + message.getClass().getSimpleName(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new WorkerException(
          "could not publish " + message.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
