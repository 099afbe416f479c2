package org.gistsweep.common.wire;

/**
 * Worker to orchestrator, on {@link Topics#EVENTS}: the worker holds the trial and has built the
 * model.
 *
 * @param worker the worker's id
 * @param trainableParams parameters that receive gradients (head + Gist tokens + PEFT module)
 * @param totalParams all parameters of the model
 * @param gistParams parameters added by GIST (0 when GIST is off)
 * @param device where training runs, e.g. {@code cpu()} or {@code gpu(0)}
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
    String device)
    implements WireMessage {

  public TrialStarted {
    WireMessage.checkHeader(schema, study, trial, attempt);
    WireMessage.require(worker, "worker");
  }
}
