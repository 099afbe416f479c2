package org.gistsweep.common.wire;

/**
 * The study's (first) objective, as a worker needs it to tell its best epoch (the weights it
 * keeps): a per-epoch metric ({@code val_top1}, {@code train_loss}) or {@code trainable_params}
 * (constant per trial: then the last epoch counts), and {@code maximize} or {@code minimize}.
 */
public record AssignedObjective(String metric, String direction) {
  public AssignedObjective {
    WireMessage.require(metric, "objective.metric");
    if (!"maximize".equals(direction) && !"minimize".equals(direction)) {
      throw new IllegalArgumentException(
          "objective.direction must be maximize or minimize, got " + direction);
    }
  }

  /**
   * Whether {@code candidate} is better than {@code incumbent} (NaN never is; anything beats NaN).
   */
  public boolean isBetter(double candidate, double incumbent) {
    if (Double.isNaN(candidate)) {
      return false;
    }
    if (Double.isNaN(incumbent)) {
      return true;
    }
    return "maximize".equals(direction) ? candidate > incumbent : candidate < incumbent;
  }
}
