package org.gistsweep.orchestrator.ablation;

import smile.math.special.Beta;
import smile.stat.distribution.TDistribution;

/** Student's t: the two-sided 95% quantile and the two-sided p-value of a t statistic. */
final class StudentT {
  private StudentT() {}

  /** t(0.975, df): the half-width factor of a two-sided 95% interval. */
  static double quantile975(int df) {
    return new TDistribution(df).quantile(0.975);
  }

  /**
   * P(|T| >= |t|) for T ~ t(df), from the regularised incomplete beta function
   * I_{df/(df+t^2)}(df/2, 1/2); no cancellation far in the tail, unlike 1 - cdf. Smile's continued
   * fraction is good to about 1e-8 absolute, far below what a p-value is read to.
   */
  static double twoSidedP(double t, int df) {
    if (Double.isNaN(t)) {
      return Double.NaN;
    }
    if (Double.isInfinite(t)) {
      return 0.0;
    }
    return Beta.regularizedIncompleteBetaFunction(df / 2.0, 0.5, df / (df + t * t));
  }
}
