package org.gistsweep.common.trial;

import java.util.Locale;

/**
 * The life cycle of a trial. WAITING and RUNNING are live; SUSPENDED is neither live nor finished;
 * the others are terminal and frozen: nothing that arrives later changes a finished trial.
 */
public enum TrialState {
  /** Suggested and published, not yet picked up by a worker. */
  WAITING,
  /** A worker has started it. */
  RUNNING,
  /** Trained to the end; its value counts. */
  COMPLETE,
  /** Stopped early by the pruner; its intermediate values still inform the sampler. */
  PRUNED,
  /** Failed for good (diverged, invalid config, or out of attempts). */
  FAILED,
  /**
   * Stopped by a person (a cancelled study, or one trial stopped as cancelled): its epochs so far
   * are kept, but it never informs the sampler as COMPLETE.
   */
  CANCELLED,
  /**
   * Handed back after an epoch with its checkpoint stored (a person suspended it, or promotion ASHA
   * paused it at a rung): holds no worker and no parallel slot, and resumes from that checkpoint
   * when it is resumed or promoted. A study is not complete while one is suspended.
   */
  SUSPENDED;

  /** Whether the state is terminal. */
  public boolean isFinished() {
    return this == COMPLETE || this == PRUNED || this == FAILED || this == CANCELLED;
  }

  /** The lower-case name used in JSON. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
