package org.gistsweep.worker.train;

/** What an {@link EpochListener} wants after an epoch. */
public enum EpochDecision {
  /** Train the next epoch (if any). */
  CONTINUE,
  /** Pruned: finish the trial at this epoch boundary. */
  STOP
}
