package org.gistsweep.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Worker to orchestrator, on {@link Topics#EVENTS}: the worker is alive and still running this
 * attempt of the trial. Sent periodically while training.
 *
 * @param attemptToken echoed from the attempt's {@link TrialAssignment#attemptToken()} (see {@link
 *     WorkerReport}); {@code null} from a worker older than attempt tokens, and omitted from the
 *     JSON
 */
public record Heartbeat(
    int schema,
    String study,
    int trial,
    int attempt,
    long sentAt,
    String worker,
    @JsonInclude(JsonInclude.Include.NON_NULL) String attemptToken)
    implements WorkerReport {

  public Heartbeat {
    WireMessage.checkHeader(schema, study, trial, attempt);
    WireMessage.require(worker, "worker");
  }

  /** A report without an attempt token (a worker older than attempt tokens, or a test). */
  public Heartbeat(int schema, String study, int trial, int attempt, long sentAt, String worker) {
    this(schema, study, trial, attempt, sentAt, worker, null);
  }
}
