package org.gistsweep.orchestrator;

import org.gistsweep.orchestrator.kafka.EventBatchHandler;
import org.gistsweep.orchestrator.kafka.TrialPublisher;

/**
 * The transport under an {@link Orchestrator}: where assignments go and where worker events come
 * from. {@link KafkaPorts} is the real one; tests use in-memory fakes.
 */
interface EventPorts extends AutoCloseable {

  /** The outgoing side. */
  TrialPublisher publisher();

  /** Records that could not be decoded and went to the dead-letter topic, since start. */
  default long deadLettered() {
    return 0;
  }

  /** Whether the transport reaches the broker now (leases are on hold while it does not). */
  default boolean brokerReachable() {
    return true;
  }

  /** Starts delivering worker events to {@code handler}; returns once delivery runs. */
  void startEvents(EventBatchHandler handler);

  /** Stops event delivery, then the publisher; idempotent. */
  @Override
  void close();
}
