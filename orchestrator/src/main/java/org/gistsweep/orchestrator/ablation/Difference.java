package org.gistsweep.orchestrator.ablation;

import java.util.List;

/**
 * A paired difference d = value(first level) - value(second level) over n pairs: the mean of d, the
 * sample std of d, the 95% confidence interval mean ± t(0.975, n-1)·sd/√n, the t statistic and the
 * two-sided paired t-test p-value. Interval, t and p are NaN for fewer than two pairs. When every d
 * is equal the interval is that value and p is 0 (or 1 when d = 0). On a VTAB group or Avg line
 * only {@code mean} (the difference of the means) and {@code n} (tasks or groups) are set.
 */
public record Difference(
    double mean, double std, int n, double ciLow, double ciHigh, double t, double p) {
  /** The confidence level of the interval. */
  public static final double CONFIDENCE = 0.95;

  static Difference paired(List<Double> d) {
    int n = d.size();
    double mean = Stats.mean(d);
    if (n < 2) {
      return new Difference(mean, Double.NaN, n, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double sd = Stats.sampleStd(d);
    double se = sd / Math.sqrt(n);
    if (se == 0) {
      double t = mean == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, mean);
      return new Difference(mean, sd, n, mean, mean, t, mean == 0 ? 1.0 : 0.0);
    }
    double half = StudentT.quantile975(n - 1) * se;
    double t = mean / se;
    return new Difference(mean, sd, n, mean - half, mean + half, t, StudentT.twoSidedP(t, n - 1));
  }

  static Difference ofMeans(double first, double second, int n) {
    return new Difference(
        first - second, Double.NaN, n, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  /** Whether this difference carries a confidence interval. */
  public boolean hasInterval() {
    return !Double.isNaN(ciLow);
  }
}
