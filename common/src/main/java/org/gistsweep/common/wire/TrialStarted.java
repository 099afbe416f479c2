package org.gistsweep.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Worker to orchestrator, on {@link Topics#EVENTS}: the worker holds the trial and has built the
 * model.
 *
 * @param worker the worker's id
 * @param trainableParams parameters that receive gradients (head + Gist tokens + PEFT module)
 * @param totalParams all parameters of the model
 * @param gistParams parameters added by GIST (0 when GIST is off)
 * @param device where training runs, e.g. {@code cpu()} or {@code gpu(0)}
 * @param attemptToken echoed from the attempt's {@link TrialAssignment#attemptToken()} (see {@link
 *     WorkerReport}); {@code null} from a worker older than attempt tokens, and omitted from the JSON
 */
public record TrialStarted(
    int schema,
    String study,
    int trial,
    int attempt,
    long sentAt,
    String worker,
    long trainableParams,
    long totalParams,
    long gistParams,
    String device,
    @JsonInclude(JsonInclude.Include.NON_NULL) String attemptToken)
    implements WorkerReport {

  public TrialStarted {
    WireMessage.checkHeader(schema, study, trial, attempt);
    WireMessage.require(worker, "worker");
  }

  /** A report without an attempt token (a worker older than attempt tokens, or a test). */
  public TrialStarted(int schema, String study, int trial, int attempt, long sentAt, String worker,
      long trainableParams, long totalParams, long gistParams, String device) {
    this(schema, study, trial, attempt, sentAt, worker, trainableParams, totalParams, gistParams, device, null);
  }
}
