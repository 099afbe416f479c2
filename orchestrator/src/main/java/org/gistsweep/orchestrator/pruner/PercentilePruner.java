package org.gistsweep.orchestrator.pruner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.gistsweep.common.spec.PrunerSpec;
import org.gistsweep.common.trial.Direction;
import org.gistsweep.common.trial.TrialState;

/**
 * Optuna's {@code PercentilePruner} (and {@code MedianPruner}, percentile 50). One objective, as in
 * Optuna: no pruning before {@code n_startup_trials} COMPLETE trials or below {@code
 * n_warmup_steps}; a trial whose values are all NaN is pruned; otherwise its best value so far is
 * compared with the percentile (NumPy's {@code nanpercentile}, linear interpolation; mirrored for
 * maximize) of the COMPLETE trials' values at the same step, and pruned when worse. No verdict
 * while fewer than {@code n_min_trials} COMPLETE trials reported that step.
 *
 * <p>Deviations: {@code interval_steps} is fixed at 1 (every step is judged). Several objectives
 * (Optuna raises): the trial's vector at the step is ranked by non-dominated sorting together with
 * the COMPLETE trials' vectors at that step; it is pruned when its front index is worse than the
 * percentile of theirs. A NaN anywhere in its vector prunes; COMPLETE trials with a NaN are left
 * out.
 */
final class PercentilePruner implements Pruner {
  private final PrunerSpec spec;
  private final List<Direction> directions;

  PercentilePruner(PrunerSpec spec, List<Direction> directions) {
    this.spec = spec;
    this.directions = List.copyOf(directions);
  }

  @Override
  public String type() {
    return spec.type();
  }

  @Override
  public Decision decide(PrunerTrial trial, List<PrunerTrial> history) {
    int step = trial.lastStep();
    List<PrunerTrial> complete =
        history.stream()
            .filter(t -> t.state() == TrialState.COMPLETE && t.number() != trial.number())
            .toList();
    if (step == 0
        || complete.isEmpty()
        || complete.size() < spec.nStartupTrials()
        || step < spec.nWarmupSteps()) {
      return Decision.CONTINUE;
    }
    List<List<Double>> atStep =
        complete.stream().map(t -> t.values().get(step)).filter(v -> v != null).toList();
    return directions.size() == 1 ? single(trial, step, atStep) : multi(trial, step, atStep);
  }

  private Decision single(PrunerTrial trial, int step, List<List<Double>> atStep) {
    Direction direction = directions.get(0);
    double best = Double.NaN;
    for (List<Double> v : trial.values().values()) {
      double x = v.get(0);
      if (!Double.isNaN(x) && (Double.isNaN(best) || direction.isBetter(x, best))) {
        best = x;
      }
    }
    if (Double.isNaN(best)) {
      return Decision.prune("every intermediate value is NaN");
    }
    if (atStep.size() < spec.nMinTrials()) {
      return Decision.CONTINUE;
    }
    double q = direction == Direction.MAXIMIZE ? 100 - spec.percentile() : spec.percentile();
    double cut = nanPercentile(atStep.stream().mapToDouble(v -> v.get(0)).toArray(), q);
    if (Double.isNaN(cut) || !direction.isBetter(cut, best)) {
      return Decision.CONTINUE;
    }
    return Decision.prune(
        String.format(
            Locale.ROOT,
            "%s pruner: best value %.6g is worse than the %s percentile %.6g of %d complete trials"
                + " at step %d",
            spec.type(),
            best,
            fmt(spec.percentile()),
            cut,
            atStep.size(),
            step));
  }

  private Decision multi(PrunerTrial trial, int step, List<List<Double>> atStep) {
    List<Double> own = trial.values().get(step);
    if (Pareto.hasNaN(own)) {
      return Decision.prune("an objective value at step " + step + " is NaN");
    }
    List<List<Double>> all =
        new ArrayList<>(atStep.stream().filter(v -> !Pareto.hasNaN(v)).toList());
    if (all.size() < spec.nMinTrials()) {
      return Decision.CONTINUE;
    }
    all.add(own);
    int[] ranks = Pareto.ranks(all, directions);
    int ownRank = ranks[ranks.length - 1];
    double cut =
        nanPercentile(
            Arrays.stream(ranks, 0, ranks.length - 1).asDoubleStream().toArray(),
            spec.percentile());
    if (ownRank <= cut) {
      return Decision.CONTINUE;
    }
    return Decision.prune(
        spec.type()
            + " pruner: Pareto front "
            + ownRank
            + " is behind the "
            + fmt(spec.percentile())
            + " percentile front "
            + fmt(cut)
            + " of "
            + (all.size() - 1)
            + " complete trials at step "
            + step);
  }

  /** NumPy's {@code nanpercentile} with linear interpolation; NaN when no value is a number. */
  static double nanPercentile(double[] values, double percentile) {
    double[] xs = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (xs.length == 0) {
      return Double.NaN;
    }
    double pos = percentile / 100.0 * (xs.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
