package org.gistsweep.worker.runtime;

import org.gistsweep.common.wire.WireMessage;

/** Where a running trial's events go: Kafka in production, a list in tests. */
interface EventSink {
  /** Publishes without waiting (epoch metrics, heartbeats). */
  void send(WireMessage message);

  /** Publishes and waits until durable (started, finished, failed). */
  void sendDurably(WireMessage message);
}
