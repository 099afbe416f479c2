package org.gistsweep.orchestrator.ablation;

import java.util.List;

/** Mean and sample standard deviation. */
final class Stats {
  private Stats() {}

  static double mean(List<Double> v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return v.isEmpty() ? Double.NaN : sum / v.size();
  }

  /** The sample standard deviation (n - 1 denominator); NaN for fewer than two values. */
  static double sampleStd(List<Double> v) {
    if (v.size() < 2) {
      return Double.NaN;
    }
    double mean = mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return Math.sqrt(ss / (v.size() - 1));
  }
}
