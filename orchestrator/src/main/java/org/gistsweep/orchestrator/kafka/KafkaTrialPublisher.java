package org.gistsweep.orchestrator.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.common.wire.WireMessage;

/**
 * Publishes with a Kafka producer (configured by {@link KafkaClients#producerConfig}: acks=all,
 * idempotent), keyed by {@link WireMessage#key()} so the messages of a trial stay in order.
 *
 * <p>{@code send} can block while metadata is fetched, so sends run on one private thread, in call
 * order, never on the caller's (event-loop) thread. The producer belongs to the caller, who closes
 * it after this publisher.
 */
public final class KafkaTrialPublisher implements TrialPublisher {
  private final Producer<String, byte[]> producer;
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "gist-trial-publisher");
            t.setDaemon(true);
            return t;
          });

  /** Publishes through {@code producer}, which must outlive this publisher. */
  public KafkaTrialPublisher(Producer<String, byte[]> producer) {
    this.producer = producer;
  }

  @Override
  public CompletableFuture<Void> publish(TrialAssignment assignment) {
    return send(Topics.TRIALS, assignment);
  }

  @Override
  public CompletableFuture<Void> publish(TrialControl control) {
    return send(Topics.CONTROL, control);
  }

  private CompletableFuture<Void> send(String topic, WireMessage message) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, message.key(), WireCodec.encode(message));
    try {
      sender.execute(
          () -> {
            try {
              producer.send(
                  record,
                  (metadata, error) -> {
                    if (error != null) {
                      done.completeExceptionally(error);
                    } else {
                      done.complete(null);
                    }
                  });
            } catch (KafkaException e) {
              done.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(new IllegalStateException("the trial publisher is closed", e));
    }
    return done;
  }

  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(10, TimeUnit.SECONDS)) {
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      sender.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
