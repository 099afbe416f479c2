package org.gistsweep.orchestrator.sampler.tpe;

import java.util.Arrays;

/**
 * Kernel widths of one numeric dimension, as Optuna's {@code _ParzenEstimator} computes them.
 *
 * <p>Univariate: sort the observations together with the prior's centre (low+high)/2, put
 * low-step/2 and high+step/2 at the ends as virtual neighbours, and take the larger gap to a
 * neighbour; the two extreme points use their inner gap only ({@code consider_endpoints=False}).
 * Multivariate: Scott's rule as Optuna uses it, 0.2 * n^(-1/(d+4)) * range for every observation.
 * Both are then clipped to [range / min(100, 1 + n_kernels), range] ("magic clip"), n_kernels = n +
 * 1 with the prior.
 *
 * <p>{@link KernelSet} keeps these widths incrementally; {@link #neighbour} is the from-scratch
 * reference its tests compare with. Observations with equal values are ordered by trial number (the
 * prior's centre after them); Optuna's unstable {@code argsort} leaves that order unspecified.
 */
final class Bandwidths {
  /** The lower clip without magic clip (Optuna's EPS). */
  static final double EPS = 1e-12;

  private Bandwidths() {}

  /** Neighbour-gap widths of {@code mus} (unclipped), in the order of {@code mus}. */
  static double[] neighbour(double[] mus, double low, double high, double step) {
    int n = mus.length;
    double prior = 0.5 * (low + high);
    double[] withPrior = Arrays.copyOf(mus, n + 1);
    withPrior[n] = prior;
    Integer[] idx = new Integer[n + 1];
    for (int i = 0; i <= n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(withPrior[a], withPrior[b]));
    double[] ends = new double[n + 3];
    ends[0] = low - step / 2;
    ends[n + 2] = high + step / 2;
    for (int r = 0; r <= n; r++) {
      ends[r + 1] = withPrior[idx[r]];
    }
    double[] sorted = new double[n + 1];
    for (int r = 0; r <= n; r++) {
      sorted[r] = Math.max(ends[r + 1] - ends[r], ends[r + 2] - ends[r + 1]);
    }
    if (n >= 1) {
      sorted[0] = ends[2] - ends[1];
      sorted[n] = ends[n + 1] - ends[n];
    }
    double[] out = new double[n];
    for (int r = 0; r <= n; r++) {
      if (idx[r] < n) {
        out[idx[r]] = sorted[r];
      }
    }
    return out;
  }

  /**
   * Optuna's multivariate width for {@code n} observations in a group of {@code dims} parameters.
   */
  static double scott(int n, int dims, double range) {
    return 0.2 * Math.pow(Math.max(n, 1), -1.0 / (dims + 4)) * range;
  }

  /** The smallest width for n observations: range / min(100, n + 2), or EPS without magic clip. */
  static double minimum(double range, int n, boolean magicClip) {
    return magicClip ? range / Math.min(100.0, 1.0 + n + 1) : EPS;
  }

  /** Clips widths in place to [{@link #minimum}, range]. */
  static double[] clip(double[] sigmas, double range, boolean magicClip) {
    double min = minimum(range, sigmas.length, magicClip);
    for (int i = 0; i < sigmas.length; i++) {
      sigmas[i] = Math.min(range, Math.max(min, sigmas[i]));
    }
    return sigmas;
  }
}
