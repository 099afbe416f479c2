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
 *     WorkerReport}); {@code null} from a worker older than attempt tokens, and omitted from the
 *     JSON
 * @param resumedFromEpoch the epoch of the assignment's {@link TrialAssignment#resumeFrom()}
 *     checkpoint this attempt loaded (it trains from the next one); 0 (omitted) from scratch
 * @param resumeRefused why the assignment's checkpoint was refused (a sha256 mismatch, another arch
 *     or params): the attempt trains from epoch 1; {@code null} (omitted) otherwise
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
    @JsonInclude(JsonInclude.Include.NON_NULL) String attemptToken,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int resumedFromEpoch,
    @JsonInclude(JsonInclude.Include.NON_NULL) String resumeRefused)
    implements WorkerReport {

  public TrialStarted {
    WireMessage.checkHeader(schema, study, trial, attempt);
    WireMessage.require(worker, "worker");
    if (resumedFromEpoch < 0) {
      throw new IllegalArgumentException(
          "resumed_from_epoch must be >= 0, got " + resumedFromEpoch);
    }
    if (resumedFromEpoch > 0 && resumeRefused != null) {
      throw new IllegalArgumentException(
          "an attempt either resumed or refused its checkpoint, not both");
    }
  }

  /** An attempt that starts from epoch 1 (no checkpoint was offered). */
  public TrialStarted(
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
      String attemptToken) {
    this(
        schema,
        study,
        trial,
        attempt,
        sentAt,
        worker,
        trainableParams,
        totalParams,
        gistParams,
        device,
        attemptToken,
        0,
        null);
  }

  /** A report without an attempt token (a worker older than attempt tokens, or a test). */
  public TrialStarted(
      int schema,
      String study,
      int trial,
      int attempt,
      long sentAt,
      String worker,
      long trainableParams,
      long totalParams,
      long gistParams,
      String device) {
    this(
        schema,
        study,
        trial,
        attempt,
        sentAt,
        worker,
        trainableParams,
        totalParams,
        gistParams,
        device,
        null,
        0,
        null);
  }
}
