package org.gistsweep.orchestrator.sampler.tpe;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * l(x) and g(x) of one group of parameters, kept across asks: a {@link KernelSet} for the "below"
 * trials and one for the "above" trials, each synced to the ask's split, then the best of {@code
 * eiCandidates} draws from l by log l(x) - log g(x).
 */
final class GroupModel {
  private final int[] group;
  private final KernelSet below;
  private final KernelSet above;
  private final TpeOptions options;
  private final WeightCache weights;
  private byte[] patternHas = new byte[8];

  /** The sampler's ask counter when this model was last used. */
  long lastUsed;

  /**
   * @param multivariate a joint model of the group; its widths follow {@link TpeOptions#scott()} (a
   *     univariate model always uses neighbour gaps)
   */
  GroupModel(
      Dimension[] all, int[] group, boolean multivariate, TpeOptions options, WeightCache weights) {
    this.group = group.clone();
    this.options = options;
    this.weights = weights;
    Dimension[] ds = new Dimension[group.length];
    for (int k = 0; k < group.length; k++) {
      ds[k] = all[group[k]];
    }
    boolean neighbour = !multivariate || !options.scott();
    below = new KernelSet(ds, neighbour, options.magicClip());
    above = new KernelSet(ds, neighbour, options.magicClip());
  }

  /** Syncs both sides to {@code rows} split by {@code isBelow}; returns {l, g}. */
  ParzenEstimator[] fit(List<Row> rows, boolean[] isBelow) {
    boolean[] inBelow = new boolean[rows.size()];
    boolean[] inAbove = new boolean[rows.size()];
    for (int i = 0; i < inBelow.length; i++) {
      if (has(rows.get(i))) {
        inBelow[i] = isBelow[i];
        inAbove[i] = !isBelow[i];
      }
    }
    below.sync(rows, inBelow);
    above.sync(rows, inAbove);
    return new ParzenEstimator[] {
      new ParzenEstimator(below, weights), new ParzenEstimator(above, weights)
    };
  }

  /** Fits, then writes the group's chosen internal coordinates into {@code chosen}. */
  void suggest(List<Row> rows, boolean[] isBelow, SplittableRandom random, double[] chosen) {
    ParzenEstimator[] lg = fit(rows, isBelow);
    double[][] candidates = lg[0].sample(random, options.eiCandidates());
    double[] ll = lg[0].logPdf(candidates);
    double[] lgx = lg[1].logPdf(candidates);
    int best = 0;
    for (int j = 1; j < candidates.length; j++) {
      if (ll[j] - lgx[j] > ll[best] - lgx[best]) {
        best = j;
      }
    }
    for (int k = 0; k < group.length; k++) {
      chosen[group[k]] = candidates[best][k];
    }
  }

  /** Whether the row has every parameter of the group; remembered per presence pattern. */
  private boolean has(Row r) {
    int id = r.pattern();
    if (id >= patternHas.length) {
      patternHas = Arrays.copyOf(patternHas, id + 8);
    }
    if (patternHas[id] == 0) {
      patternHas[id] = (byte) (r.has(group) ? 1 : 2);
    }
    return patternHas[id] == 1;
  }

  /** The kernel set of one side (tests). */
  KernelSet side(boolean belowSide) {
    return belowSide ? below : above;
  }
}
