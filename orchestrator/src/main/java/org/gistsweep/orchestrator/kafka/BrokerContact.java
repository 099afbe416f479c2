package org.gistsweep.orchestrator.kafka;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.gistsweep.common.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the orchestrator's event consumer can reach the broker: at most once per interval, on
 * the consumer's own thread, it asks for the end offset of {@code gist.events-0} (one small
 * request; it fails within the timeout when no broker answers). An empty poll cannot tell an idle
 * broker from an absent one; this can.
 */
final class BrokerContact {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerContact.class);
  private static final List<TopicPartition> PROBED = List.of(new TopicPartition(Topics.EVENTS, 0));

  private final Consumer<?, ?> consumer;
  private final long everyNanos;
  private final Duration timeout;
  private long lastProbe;
  private boolean probed;
  private volatile boolean reachable = true;

  BrokerContact(Consumer<?, ?> consumer, Duration every, Duration timeout) {
    this.consumer = consumer;
    this.everyNanos = every.toNanos();
    this.timeout = timeout;
  }

  /** Probes the broker unless it was probed less than an interval ago; call on the consumer's thread. */
  void maybeProbe() {
    long now = System.nanoTime();
    if (probed && now - lastProbe < everyNanos) {
      return;
    }
    probed = true;
    lastProbe = now;
    boolean was = reachable;
    try {
      consumer.endOffsets(PROBED, timeout);
      reachable = true;
    } catch (KafkaException | IllegalStateException e) {
      reachable = false;
    }
    if (was != reachable) {
      if (reachable) {
        LOG.info("the Kafka broker answers the event consumer again");
      } else {
        LOG.warn("the Kafka broker does not answer the event consumer; worker leases are on hold until it does");
      }
    }
  }

  /** The result of the latest probe ({@code true} before the first). */
  boolean reachable() {
    return reachable;
  }
}
