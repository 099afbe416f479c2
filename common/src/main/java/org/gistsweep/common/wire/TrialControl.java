package org.gistsweep.common.wire;

/**
 * Orchestrator to workers, on {@link Topics#CONTROL}: a decision about a running attempt. The
 * worker running that attempt acts on it at the next epoch boundary; every other worker ignores it.
 *
 * @param action {@code prune} (stop and report PRUNED) or {@code cancel} (stop, report nothing more)
 */
public record TrialControl(
    int schema, String study, int trial, int attempt, long sentAt, String action, String reason)
    implements WireMessage {

  /** Stop at the next epoch boundary and report the trial as pruned. */
  public static final String PRUNE = "prune";

  /** Stop at the next epoch boundary; the study no longer wants the result. */
  public static final String CANCEL = "cancel";

  public TrialControl {
    WireMessage.checkHeader(schema, study, trial, attempt);
    if (!PRUNE.equals(action) && !CANCEL.equals(action)) {
      throw new IllegalArgumentException("action must be prune or cancel, got " + action);
    }
    reason = reason == null ? "" : reason;
  }
}
