package org.gistsweep.orchestrator.kafka;

import java.util.concurrent.CompletableFuture;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;

/**
 * The orchestrator's outgoing port: hands trial assignments and control decisions to workers. Calls
 * never block the caller; the returned future completes once the message is durable (or fails with
 * the reason). On Kafka, messages go out through {@link KafkaStudyLog} together with their journal
 * entries; this port serves the in-memory log and fakes in tests.
 */
public interface TrialPublisher extends AutoCloseable {

  /** Publishes an assignment for the workers' share group. */
  CompletableFuture<Void> publish(TrialAssignment assignment);

  /** Publishes a control decision (prune, cancel) for the worker running that attempt. */
  CompletableFuture<Void> publish(TrialControl control);

  /** Stops publishing; later calls fail their futures. */
  @Override
  void close();
}
