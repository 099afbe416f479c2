package org.gistsweep.orchestrator.sampler.tpe;

import java.util.SplittableRandom;

/**
 * The normal distribution N(mu, sigma) truncated to [low, high], built from the standard normal cdf
 * and quantile (Smile has no truncated normal). Stepped parameters use the probability mass of the
 * bucket [x - step/2, x + step/2] instead of a density, with the truncation widened by step/2 on
 * each side, as Optuna's discrete truncated normal does.
 */
final class TruncatedNormal {
  private TruncatedNormal() {}

  /**
   * log of the truncation mass Phi((high-mu)/sigma) - Phi((low-mu)/sigma). When mu lies inside the
   * range (always so for TPE's kernels) so a <= 0 <= b, computed as log1p(-(Phi(a) + Phi(-b))) with
   * the tabulated {@link FastPhi} (absolute error below 1e-11).
   */
  static double logNormaliser(double mu, double sigma, double low, double high) {
    double a = (low - mu) / sigma;
    double b = (high - mu) / sigma;
    if (a <= 0 && b >= 0) {
      double out = FastPhi.cdf(a) + FastPhi.cdf(-b);
      // log1p(-out) without Math.log1p (StrictMath, ~10x slower than the Math.log intrinsic)
      return out > 1e-4 ? Math.log(1 - out) : -out * (1 + out * (0.5 + out / 3));
    }
    return Normal.logMass(a, b);
  }

  /** Log density at {@code x} in [low, high]. */
  static double logPdf(double x, double mu, double sigma, double low, double high) {
    return Normal.logPdf((x - mu) / sigma) - Math.log(sigma) - logNormaliser(mu, sigma, low, high);
  }

  /** Log probability of the step bucket around grid value {@code x}. */
  static double logBucketMass(
      double x, double mu, double sigma, double low, double high, double step) {
    double half = step / 2;
    return Normal.logMass((x - half - mu) / sigma, (x + half - mu) / sigma)
        - logNormaliser(mu, sigma, low - half, high + half);
  }

  /**
   * A draw by inversion: mu + sigma * Phi^-1(Phi(a) + u (Phi(b) - Phi(a))), clipped to the range.
   */
  static double sample(SplittableRandom random, double mu, double sigma, double low, double high) {
    double a = (low - mu) / sigma;
    double b = (high - mu) / sigma;
    double u = random.nextDouble();
    double z;
    if (a > 0) {
      double pa = Normal.cdf(-a);
      double pb = Normal.cdf(-b);
      z = -Normal.quantile(pa - u * (pa - pb));
    } else {
      double pa = Normal.cdf(a);
      double pb = Normal.cdf(b);
      z = Normal.quantile(pa + u * (pb - pa));
    }
    double x = mu + sigma * z;
    return Double.isNaN(x) ? mu : Math.min(high, Math.max(low, x));
  }
}
