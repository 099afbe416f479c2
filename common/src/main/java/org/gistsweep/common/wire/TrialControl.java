package org.gistsweep.common.wire;

/**
 * Orchestrator to workers, on {@link Topics#CONTROL}: a decision about a running attempt. The
 * worker running that attempt acts on it (a continue or a pruner's prune at the epoch boundary it
 * follows, a cancel within one training step); every other worker ignores it.
 *
 * @param action {@code prune} (stop and report PRUNED), {@code cancel} (stop, report nothing more),
 *     {@code continue} (the pruner let the attempt go on after {@code step}) or {@code suspend}
 *     (finish the current epoch, store its checkpoint and hand the trial back with {@link
 *     TrialSuspended})
 * @param step the epoch the decision was taken after (0 when not tied to an epoch); a worker whose
 *     assignment says {@code await_decisions} waits briefly for it before the next epoch
 */
public record TrialControl(
    int schema,
    String study,
    int trial,
    int attempt,
    long sentAt,
    String action,
    String reason,
    int step)
    implements WireMessage {

  /** The pruner let the attempt go on after {@link #step()}. */
  public static final String CONTINUE = "continue";

  /**
   * Stop (at the epoch boundary the decision follows, or within one training step) and report the
   * trial as pruned.
   */
  public static final String PRUNE = "prune";

  /**
   * Stop within one training step and report nothing more: the study no longer wants the result (a
   * cancel, or a trial a person stopped).
   */
  public static final String CANCEL = "cancel";

  /**
   * Finish the current epoch, store its checkpoint and hand the trial back ({@link
   * TrialSuspended}): a person freed the worker, or the study pauses the trial; the trial resumes
   * from that checkpoint later.
   */
  public static final String SUSPEND = "suspend";

  public TrialControl {
    WireMessage.checkHeader(schema, study, trial, attempt);
    if (!PRUNE.equals(action)
        && !CANCEL.equals(action)
        && !CONTINUE.equals(action)
        && !SUSPEND.equals(action)) {
      throw new IllegalArgumentException(
          "action must be prune, cancel, continue or suspend, got " + action);
    }
    reason = reason == null ? "" : reason;
  }

  /** A decision not tied to an epoch. */
  public TrialControl(
      int schema, String study, int trial, int attempt, long sentAt, String action, String reason) {
    this(schema, study, trial, attempt, sentAt, action, reason, 0);
  }
}
