package org.gistsweep.orchestrator.sampler.tpe;

import smile.math.special.Erf;

/**
 * The standard normal distribution: density, cdf, quantile and the logarithms TPE needs far in the
 * tails. The cdf and quantile come from Smile ({@link Erf}); the log cdf switches to its asymptotic
 * series below z = -20, where the cdf itself underflows (SciPy's {@code log_ndtr} does the same).
 */
final class Normal {
  static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
  private static final double SQRT2 = Math.sqrt(2);

  private Normal() {}

  /** Phi(z). */
  static double cdf(double z) {
    return 0.5 * Erf.erfc(-z / SQRT2);
  }

  /** Phi^-1(p) for p in [0, 1]; infinite at the ends. */
  static double quantile(double p) {
    if (p <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (p >= 1) {
      return Double.POSITIVE_INFINITY;
    }
    return -SQRT2 * Erf.inverfc(2 * p);
  }

  /** log phi(z). */
  static double logPdf(double z) {
    return -0.5 * z * z - LOG_SQRT_2PI;
  }

  /** log Phi(z), accurate in the far left tail. */
  static double logCdf(double z) {
    if (z > -20) {
      return Math.log(cdf(z));
    }
    double r = 1 / (z * z);
    double series = 1 - r * (1 - 3 * r * (1 - 5 * r * (1 - 7 * r)));
    return logPdf(z) - Math.log(-z) + Math.log(series);
  }

  /** log(Phi(upper) - Phi(lower)) for lower < upper, without cancellation in either tail. */
  static double logMass(double lower, double upper) {
    if (upper <= 0) {
      return logDiff(logCdf(upper), logCdf(lower));
    }
    if (lower >= 0) {
      return logDiff(logCdf(-lower), logCdf(-upper));
    }
    return Math.log1p(-(cdf(lower) + cdf(-upper)));
  }

  /** log(exp(a) - exp(b)) for a >= b. */
  private static double logDiff(double a, double b) {
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    double d = b - a;
    return a + (d > -0.6931471805599453 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
  }
}
