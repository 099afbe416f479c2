package org.gistsweep.orchestrator.sampler.tpe;

import java.util.Arrays;

/**
 * The distinct (centre, width) pairs of a stepped dimension's kernels. Centres sit on the grid and
 * neighbour-gap widths of many observations on a small grid take few values (Scott widths only
 * one), so thousands of kernels share a few dozen pairs; a candidate's bucket mass is then computed
 * once per pair (with the same function, so the same value) instead of once per kernel. Recomputed
 * by {@link KernelSet} after each sync, reusing its hash table.
 */
final class StepClasses {
  /** The class of each kernel. */
  int[] of = new int[0];

  /** The centre and width of each class. */
  double[] mu = new double[16];

  double[] sigma = new double[16];
  int count;
  private int[] slot = new int[0];
  private int[] stamp = new int[0];
  private int epoch;

  /**
   * Classes of kernels 0..n-1 by exact equality of (mu, sigma), numbered in order of appearance.
   */
  void compute(double[] mus, double[] sigmas, int n) {
    int capacity = Integer.highestOneBit(Math.max(4, 2 * n)) << 1;
    if (slot.length < capacity) {
      slot = new int[capacity];
      stamp = new int[capacity];
      epoch = 0;
    }
    if (of.length < n) {
      of = new int[mus.length];
    }
    epoch++;
    int mask = slot.length - 1;
    count = 0;
    for (int p = 0; p < n; p++) {
      long a = Double.doubleToLongBits(mus[p]);
      long b = Double.doubleToLongBits(sigmas[p]);
      long h = a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL;
      int i = (int) (h ^ (h >>> 32)) & mask;
      while (stamp[i] == epoch) {
        int c = slot[i];
        if (Double.doubleToLongBits(mu[c]) == a && Double.doubleToLongBits(sigma[c]) == b) {
          break;
        }
        i = (i + 1) & mask;
      }
      if (stamp[i] != epoch) {
        if (count == mu.length) {
          mu = Arrays.copyOf(mu, 2 * count);
          sigma = Arrays.copyOf(sigma, 2 * count);
        }
        mu[count] = mus[p];
        sigma[count] = sigmas[p];
        stamp[i] = epoch;
        slot[i] = count++;
      }
      of[p] = slot[i];
    }
  }
}
