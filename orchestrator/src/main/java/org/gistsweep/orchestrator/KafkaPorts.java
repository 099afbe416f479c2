package org.gistsweep.orchestrator;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.gistsweep.common.wire.DeadLetterKind;
import org.gistsweep.orchestrator.journal.StudyLog;
import org.gistsweep.orchestrator.kafka.EventBatchHandler;
import org.gistsweep.orchestrator.kafka.EventConsumerLoop;
import org.gistsweep.orchestrator.kafka.KafkaClients;
import org.gistsweep.orchestrator.kafka.KafkaSetupException;
import org.gistsweep.orchestrator.kafka.KafkaStudyLog;
import org.gistsweep.orchestrator.kafka.KafkaTopology;

/**
 * Kafka as the transport: topology, the transactional study log (journal, assignments, controls), a
 * plain producer for dead letters, and one consumer loop.
 */
final class KafkaPorts implements EventPorts {
  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(20);

  private final String bootstrap;
  private final String transactionalId;
  private final Map<String, String> clientOverrides;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaStudyLog log;
  private volatile EventConsumerLoop loop;
  private boolean closed;

  private KafkaPorts(
      String bootstrap, String transactionalId, Map<String, String> clientOverrides) {
    this.bootstrap = bootstrap;
    this.transactionalId = transactionalId;
    this.clientOverrides = clientOverrides;
    this.producer = new KafkaProducer<>(KafkaClients.producerConfig(bootstrap, clientOverrides));
    this.log = new KafkaStudyLog(bootstrap, transactionalId, clientOverrides);
  }

  /**
   * Ensures the topology, then creates the producer.
   *
   * @throws KafkaSetupException (or its subclass for an unreachable broker) within ~30 s
   */
  static KafkaPorts connect(String bootstrap, Map<String, String> overrides) {
    Map<String, String> clientOverrides = new HashMap<>(overrides);
    String rf = clientOverrides.remove(Orchestrator.REPLICATION_FACTOR);
    String transactionalId = clientOverrides.remove(Orchestrator.TRANSACTIONAL_ID);
    short replication;
    try {
      replication = rf == null ? 1 : Short.parseShort(rf.trim());
    } catch (NumberFormatException e) {
      throw new KafkaSetupException(
          Orchestrator.REPLICATION_FACTOR + " must be a small whole number, got '" + rf + "'", e);
    }
    KafkaTopology.ensure(bootstrap, replication, clientOverrides, SETUP_TIMEOUT);
    try {
      return new KafkaPorts(
          bootstrap,
          transactionalId == null ? KafkaStudyLog.DEFAULT_TRANSACTIONAL_ID : transactionalId,
          Map.copyOf(clientOverrides));
    } catch (KafkaException e) {
      throw new KafkaSetupException(
          "cannot create a Kafka producer for " + bootstrap + ": " + e.getMessage(), e);
    }
  }

  @Override
  public StudyLog log() {
    return log;
  }

  @Override
  public void startEvents(EventBatchHandler handler) {
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            KafkaClients.consumerConfig(bootstrap, transactionalId, clientOverrides));
    loop = new EventConsumerLoop(consumer, producer, handler, Duration.ofMillis(500));
    try {
      loop.start().get(SETUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaSetupException(
          "the event consumer did not start against " + bootstrap + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaSetupException("interrupted while starting the event consumer", e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (loop != null) {
      loop.close();
    }
    log.close();
    producer.close(Duration.ofSeconds(5));
  }

  @Override
  public long eventsLag() {
    EventConsumerLoop current = loop;
    return current == null ? 0 : current.lag();
  }

  @Override
  public long deadLettered() {
    EventConsumerLoop current = loop;
    return current == null ? 0 : current.deadLettered();
  }

  @Override
  public long deadLettered(DeadLetterKind kind) {
    EventConsumerLoop current = loop;
    return current == null ? 0 : current.deadLettered(kind);
  }
}
