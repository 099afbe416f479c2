package org.gistsweep.common.wire;

/**
 * Worker to orchestrator, on {@link Topics#EVENTS}: the worker is alive and still running this
 * attempt of the trial. Sent periodically while training.
 */
public record Heartbeat(int schema, String study, int trial, int attempt, long sentAt, String worker)
    implements WireMessage {

  public Heartbeat {
    WireMessage.checkHeader(schema, study, trial, attempt);
    WireMessage.require(worker, "worker");
  }
}
