package org.gistsweep.orchestrator.bench;

/** Mean and standard error of a sample. */
final class Stats {
  private Stats() {}

  static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** The standard error of the mean (0 for fewer than two values). */
  static double se(double[] x) {
    if (x.length < 2) {
      return 0;
    }
    double m = mean(x);
    double ss = 0;
    for (double v : x) {
      ss += (v - m) * (v - m);
    }
    return Math.sqrt(ss / (x.length - 1) / x.length);
  }

  /** Stouffer's combination of per-problem z-scores: sum / sqrt(count). */
  static double stouffer(double[] z) {
    double s = 0;
    for (double v : z) {
      s += v;
    }
    return s / Math.sqrt(z.length);
  }
}
