package org.gistsweep.orchestrator.pruner;

/**
 * What a pruner says about a trial at the step it just reported.
 *
 * @param prune whether the trial should stop at this epoch boundary
 * @param reason why it is pruned, for the worker's log and the trial's record ({@code ""} when it
 *     continues)
 */
public record Decision(boolean prune, String reason) {
  /** Keep training. */
  public static final Decision CONTINUE = new Decision(false, "");

  public Decision {
    reason = reason == null ? "" : reason;
  }

  /** Stop the trial, saying why. */
  public static Decision prune(String reason) {
    return new Decision(true, reason);
  }

  /** {@code continue} or {@code prune}, as the ask/tell API answers. */
  public String wireName() {
    return prune ? "prune" : "continue";
  }
}
