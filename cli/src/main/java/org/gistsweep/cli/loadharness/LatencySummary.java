package org.gistsweep.cli.loadharness;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of a set of latencies, in milliseconds.
 *
 * @param count samples
 * @param p50 median ({@code -1} without samples)
 * @param p99 99th percentile ({@code -1} without samples)
 * @param max largest ({@code -1} without samples)
 */
public record LatencySummary(int count, long p50, long p99, long max) {

  /** Summarises {@code samples} (not modified). */
  public static LatencySummary of(long[] samples) {
    if (samples.length == 0) {
      return new LatencySummary(0, -1, -1, -1);
    }
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    return new LatencySummary(
        sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
  }

  private static long rank(long[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** {@code p50 / p99 / max}, or {@code -} without samples. */
  String render() {
    return count == 0 ? "-" : p50 + " / " + p99 + " / " + max;
  }
}
