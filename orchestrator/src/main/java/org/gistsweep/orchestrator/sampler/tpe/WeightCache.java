package org.gistsweep.orchestrator.sampler.tpe;

import java.util.Arrays;

/**
 * Mixture weights for n observations plus the prior ({@link Weights#ramp}, then normalised) and the
 * log of each observation's weight, remembered for the last few n: an ask needs two or three sizes
 * and the next ask mostly the same ones, so a 10,000-kernel mixture does not take 10,000 logarithms
 * per ask. The arrays handed out are shared and must not be modified.
 */
final class WeightCache {
  private static final int SLOTS = 8;
  private final double priorWeight;
  private final int[] sizes = new int[SLOTS];
  private final double[][] weights = new double[SLOTS][];
  private final double[][] logs = new double[SLOTS][];
  private int next;

  WeightCache(double priorWeight) {
    this.priorWeight = priorWeight;
    Arrays.fill(sizes, -1);
  }

  double priorWeight() {
    return priorWeight;
  }

  /** Normalised weights of n observations and the prior (last), n + 1 values. */
  double[] weights(int n) {
    return weights[slot(n)];
  }

  /** log of each observation's normalised weight, n values. */
  double[] logs(int n) {
    return logs[slot(n)];
  }

  private int slot(int n) {
    for (int s = 0; s < SLOTS; s++) {
      if (sizes[s] == n) {
        return s;
      }
    }
    int s = next;
    next = (next + 1) % SLOTS;
    double[] w = Arrays.copyOf(Weights.ramp(n), n + 1);
    w[n] = priorWeight;
    double total = 0;
    for (double x : w) {
      total += x;
    }
    double[] log = new double[n];
    double flat = Math.log(1.0 / total);
    for (int p = 0; p <= n; p++) {
      double x = w[p];
      w[p] = x / total;
      if (p < n) {
        log[p] = x == 1.0 ? flat : Math.log(x / total);
      }
    }
    sizes[s] = n;
    weights[s] = w;
    logs[s] = log;
    return s;
  }
}
