package org.gistsweep.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Worker to orchestrator, on {@link Topics#EVENTS}: the attempt failed.
 *
 * @param errorType a short machine-readable kind, e.g. {@code diverged}, {@code invalid_config},
 *     {@code data}, {@code checkpoint}, {@code internal}
 * @param message what happened, for people (e.g. "diverged at epoch 3, step 17")
 * @param retriable whether running the trial again can help (a lost worker can; a diverged loss or
 *     an invalid config cannot)
 * @param attemptToken echoed from the attempt's {@link TrialAssignment#attemptToken()} (see {@link
 *     WorkerReport}); {@code null} from a worker older than attempt tokens, and omitted from the
 *     JSON
 */
public record TrialFailed(
    int schema,
    String study,
    int trial,
    int attempt,
    long sentAt,
    String worker,
    String errorType,
    String message,
    boolean retriable,
    @JsonInclude(JsonInclude.Include.NON_NULL) String attemptToken)
    implements WorkerReport {

  public TrialFailed {
    WireMessage.checkHeader(schema, study, trial, attempt);
    WireMessage.require(worker, "worker");
    WireMessage.require(errorType, "errorType");
    message = message == null ? "" : message;
  }

  /** A report without an attempt token (a worker older than attempt tokens, or a test). */
  public TrialFailed(
      int schema,
      String study,
      int trial,
      int attempt,
      long sentAt,
      String worker,
      String errorType,
      String message,
      boolean retriable) {
    this(schema, study, trial, attempt, sentAt, worker, errorType, message, retriable, null);
  }
}
