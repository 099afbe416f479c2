package org.gistsweep.orchestrator.sampler.tpe;

import java.util.Arrays;

/**
 * Optuna's default split size ({@code default_gamma}) and observation weights ({@code
 * default_weights}).
 */
final class Weights {
  /** Observations at the newest end that always weigh 1. */
  static final int FLAT = 25;

  private Weights() {}

  /** How many finished trials count as "below" (good): min(ceil(0.1 n), 25). */
  static int gamma(int n) {
    return Math.min((int) Math.ceil(0.1 * n), 25);
  }

  /**
   * Weights of {@code n} observations ordered by trial number: all 1 below 25, otherwise a linear
   * ramp from 1/n to 1 over the oldest n-25 ({@code numpy.linspace}) and 1 for the newest 25.
   */
  static double[] ramp(int n) {
    double[] w = new double[n];
    if (n < FLAT) {
      Arrays.fill(w, 1.0);
      return w;
    }
    int m = n - FLAT;
    double start = 1.0 / n;
    for (int k = 0; k < m; k++) {
      w[k] = m == 1 ? start : start + (1.0 - start) * k / (m - 1);
    }
    Arrays.fill(w, m, n, 1.0);
    return w;
  }
}
