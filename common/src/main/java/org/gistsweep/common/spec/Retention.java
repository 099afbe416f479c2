package org.gistsweep.common.spec;

/**
 * How many trials keep their trained weights in the artifact store: the sweep file's {@code retain:
 * {best: K}}. After each trial finishes, the orchestrator keeps the weights (and their sidecars) of
 * the best {@code K} COMPLETE trials by the objective and deletes every other trial's; attempt logs
 * are kept for every trial. With several objectives the whole Pareto front of the COMPLETE trials
 * is kept whatever its size ({@code K} only says whether any is: 0 keeps none), so that a trial
 * once dominated is never needed again and a deletion is never undone by a later trial.
 *
 * @param best how many trials keep their weights; 0 keeps none
 */
public record Retention(int best) {
  /** The default: the best 5 trials keep their weights. */
  public static final Retention DEFAULT = new Retention(5);

  public Retention {
    if (best < 0) {
      throw new IllegalArgumentException("retain.best must be >= 0, got " + best);
    }
  }
}
