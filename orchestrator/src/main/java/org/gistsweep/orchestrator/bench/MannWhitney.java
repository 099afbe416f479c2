package org.gistsweep.orchestrator.bench;

import java.util.Arrays;
import smile.math.special.Erf;

/**
 * The two-sided Mann-Whitney U test (Wilcoxon rank-sum) of two samples of a quantity to minimise:
 * average ranks for ties, the normal approximation with tie correction and continuity correction
 * (SciPy's {@code mannwhitneyu(..., method="asymptotic")}), adequate from about 8 values a side.
 */
final class MannWhitney {
  /**
   * @param u the U statistic of {@code x} (pairs where x is larger, ties counting one half)
   * @param z the continuity-corrected normal score, positive when x tends to lower values
   * @param p the two-sided p-value
   */
  record Result(double u, double z, double p) {
    /** Whether x tends to lower values than y. */
    boolean xLower() {
      return z > 0;
    }
  }

  private MannWhitney() {}

  static Result test(double[] x, double[] y) {
    int nx = x.length;
    int ny = y.length;
    int n = nx + ny;
    double[] all = new double[n];
    System.arraycopy(x, 0, all, 0, nx);
    System.arraycopy(y, 0, all, nx, ny);
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
    double[] rank = new double[n];
    double ties = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && all[order[j + 1]] == all[order[i]]) {
        j++;
      }
      double r = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        rank[order[k]] = r;
      }
      double t = j - i + 1;
      ties += t * t * t - t;
      i = j + 1;
    }
    double rx = 0;
    for (int i = 0; i < nx; i++) {
      rx += rank[i];
    }
    double u = rx - nx * (nx + 1) / 2.0;
    double mean = nx * (double) ny / 2;
    double var = nx * (double) ny / 12 * ((n + 1) - ties / (n * (double) (n - 1)));
    if (var <= 0) {
      return new Result(u, 0, 1);
    }
    double z = Math.signum(mean - u) * Math.max(0, Math.abs(u - mean) - 0.5) / Math.sqrt(var);
    return new Result(u, z, Math.min(1, 2 * upperTail(Math.abs(z))));
  }

  /** 1 - Phi(z). */
  static double upperTail(double z) {
    return 0.5 * Erf.erfc(z / Math.sqrt(2));
  }
}
