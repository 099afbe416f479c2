package org.gistsweep.orchestrator.pruner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import org.gistsweep.common.trial.Direction;

/**
 * Asynchronous successive halving (ASHA; Li et al., MLSys 2020), as Optuna's {@code
 * SuccessiveHalvingPruner}: rungs sit at steps {@code r * eta^(s + k)}. When a trial's report
 * reaches a rung it has not passed before, its current value joins the values recorded at that rung
 * by every trial (any state) that got there; it continues only if it is in the top {@code 1/eta} of
 * them, or, while fewer than eta values are recorded, only if it is the best so far. Nothing waits
 * for a rung to fill. A NaN value at a rung prunes.
 *
 * <p>Deviations: the value another trial recorded at a rung is its first report at or after the
 * rung's step (Optuna stores it as a trial attribute; here it is derived from the reports, so the
 * pruner keeps no state). {@code bootstrap_count} is 0. Several objectives: values are ordered by
 * non-dominated rank ({@link Pareto}); the trial continues if its front is no worse than the front
 * of the {@code floor(n / eta)}-th best entry (at least the best), which for one objective is
 * exactly Optuna's rule. Competitors with a NaN are left out.
 */
final class AsyncHyperbandPruner implements Pruner {
  private final String type;
  private final long minResource;
  private final int eta;
  private final int minEarlyStoppingRate;
  private final List<Direction> directions;
  private final IntPredicate peers;

  /**
   * @param peers which trial numbers compete with each other at the rungs (all, or one Hyperband
   *     bracket)
   */
  AsyncHyperbandPruner(
      String type,
      long minResource,
      int eta,
      int minEarlyStoppingRate,
      List<Direction> directions,
      IntPredicate peers) {
    this.type = type;
    this.minResource = minResource;
    this.eta = eta;
    this.minEarlyStoppingRate = minEarlyStoppingRate;
    this.directions = List.copyOf(directions);
    this.peers = peers;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public Decision decide(PrunerTrial trial, List<PrunerTrial> history) {
    int step = trial.lastStep();
    int previous = trial.previousStep();
    List<Double> value = step == 0 ? null : trial.values().get(step);
    for (int k = 0; ; k++) {
      long rung = rungStep(k);
      if (rung > step) {
        return Decision.CONTINUE;
      }
      if (rung <= previous) {
        continue;
      }
      if (Pareto.hasNaN(value)) {
        return Decision.prune(type + " pruner: NaN at rung " + k + " (step " + rung + ")");
      }
      List<List<Double>> competing = new ArrayList<>();
      for (PrunerTrial other : history) {
        if (other.number() != trial.number() && peers.test(other.number())) {
          List<Double> v = other.atOrAfter((int) rung);
          if (v != null && !Pareto.hasNaN(v)) {
            competing.add(v);
          }
        }
      }
      competing.add(value);
      if (!promotable(competing)) {
        return Decision.prune(
            type
                + " pruner: not in the top 1/"
                + eta
                + " of "
                + competing.size()
                + " trials at rung "
                + k
                + " (step "
                + rung
                + ")");
      }
    }
  }

  /** The step of rung {@code k}; {@code Long.MAX_VALUE} once it would overflow. */
  long rungStep(int k) {
    return rungStep(minResource, eta, minEarlyStoppingRate, k);
  }

  /**
   * The step of rung {@code k} at {@code r * eta^(s + k)}; {@code Long.MAX_VALUE} once it would
   * overflow an int.
   */
  static long rungStep(long minResource, int eta, int minEarlyStoppingRate, int k) {
    long step = minResource;
    for (int i = 0; i < minEarlyStoppingRate + k; i++) {
      if (step > Integer.MAX_VALUE / eta) {
        return Long.MAX_VALUE;
      }
      step *= eta;
    }
    return step;
  }

  /** Whether the last vector of {@code competing} is in its top {@code 1/eta} (Optuna's rule). */
  private boolean promotable(List<List<Double>> competing) {
    int[] ranks = Pareto.ranks(competing, directions);
    int own = ranks[ranks.length - 1];
    int[] sorted = ranks.clone();
    Arrays.sort(sorted);
    int idx = Math.max(0, competing.size() / eta - 1);
    return own <= sorted[idx];
  }
}
