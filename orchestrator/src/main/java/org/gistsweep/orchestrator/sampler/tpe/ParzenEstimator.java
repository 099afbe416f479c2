package org.gistsweep.orchestrator.sampler.tpe;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A Parzen mixture over a group of dimensions: one product kernel per observation plus a prior
 * kernel, weighted by {@link Weights#ramp} and {@code priorWeight}, normalised. Numeric kernels are
 * truncated normals (stepped: bucket masses); categorical kernels put weight 1 on the observed
 * choice plus priorWeight/(n+1) on every choice, renormalised; the prior kernel is uniform.
 *
 * <p>The density is evaluated as a log-sum-exp over components of summed per-dimension log
 * densities; per-component constants (weights, 1/sigma, truncation masses) are computed once, so a
 * candidate costs one fused pass over the components per dimension.
 */
final class ParzenEstimator {
  private final Dimension[] dims;
  private final int m;
  private final double[] cumulative;
  private final double[] constant;
  private final double[][] mu;
  private final double[][] sigma;
  private final double[][] inv;
  private final int[][] cat;
  private final double[] logHit;
  private final double[] logMiss;
  private final double[] share;

  /**
   * @param obs per dimension, the observations in trial-number order ({@code obs[k][i]})
   * @param multivariate Scott widths (true) or neighbour-gap widths (false), see {@link Bandwidths}
   */
  ParzenEstimator(List<Dimension> group, double[][] obs, int n, double priorWeight, boolean multivariate, boolean magicClip) {
    dims = group.toArray(new Dimension[0]);
    m = n + 1;
    double[] w = java.util.Arrays.copyOf(Weights.ramp(n), m);
    w[n] = priorWeight;
    double total = 0;
    for (double x : w) {
      total += x;
    }
    cumulative = new double[m];
    constant = new double[m];
    double run = 0;
    for (int i = 0; i < m; i++) {
      run += w[i] / total;
      cumulative[i] = run;
      constant[i] = Math.log(w[i] / total);
    }
    int d = dims.length;
    mu = new double[d][];
    sigma = new double[d][];
    inv = new double[d][];
    cat = new int[d][];
    logHit = new double[d];
    logMiss = new double[d];
    share = new double[d];
    for (int k = 0; k < d; k++) {
      Dimension dim = dims[k];
      if (dim.kind == Dimension.Kind.CATEGORICAL) {
        initCategorical(k, obs[k], n, priorWeight);
      } else {
        initNumeric(k, dim, obs[k], n, multivariate, magicClip);
      }
    }
  }

  private void initCategorical(int k, double[] obs, int n, double priorWeight) {
    int choices = dims[k].choices;
    double a = priorWeight / (n + 1);
    double norm = 1 + choices * a;
    share[k] = choices * a / norm;
    logHit[k] = Math.log((1 + a) / norm);
    logMiss[k] = Math.log(a / norm);
    cat[k] = new int[m];
    for (int i = 0; i < n; i++) {
      cat[k][i] = (int) obs[i];
    }
    cat[k][n] = -1;
    constant[n] -= Math.log(choices);
  }

  private void initNumeric(int k, Dimension dim, double[] obs, int n, boolean multivariate, boolean magicClip) {
    double range = dim.range();
    double[] s;
    if (multivariate) {
      s = new double[n];
      java.util.Arrays.fill(s, Bandwidths.scott(n, dims.length, range));
    } else {
      s = Bandwidths.neighbour(java.util.Arrays.copyOf(obs, n), dim.low, dim.high, dim.step);
    }
    Bandwidths.clip(s, range, magicClip);
    mu[k] = java.util.Arrays.copyOf(obs, m);
    mu[k][n] = 0.5 * (dim.low + dim.high);
    sigma[k] = java.util.Arrays.copyOf(s, m);
    sigma[k][n] = range;
    inv[k] = new double[m];
    double half = dim.step / 2;
    double lastSigma = Double.NaN;
    double logSigma = 0;
    for (int i = 0; i < m; i++) {
      double si = sigma[k][i];
      if (si != lastSigma) {
        lastSigma = si;
        logSigma = Math.log(si);
      }
      inv[k][i] = 1 / si;
      double logZ = TruncatedNormal.logNormaliser(mu[k][i], si, dim.low - half, dim.high + half);
      constant[i] -= dim.kind == Dimension.Kind.STEPPED ? logZ : logZ + logSigma + Normal.LOG_SQRT_2PI;
    }
  }

  /** Draws {@code count} points, already snapped to each dimension's values ({@code [j][k]}). */
  double[][] sample(SplittableRandom random, int count) {
    double[][] out = new double[count][dims.length];
    for (int j = 0; j < count; j++) {
      int c = component(random.nextDouble());
      for (int k = 0; k < dims.length; k++) {
        Dimension dim = dims[k];
        if (dim.kind == Dimension.Kind.CATEGORICAL) {
          boolean own = cat[k][c] >= 0 && random.nextDouble() >= share[k];
          out[j][k] = own ? cat[k][c] : random.nextInt(dim.choices);
        } else {
          double half = dim.step / 2;
          double x = TruncatedNormal.sample(random, mu[k][c], sigma[k][c], dim.low - half, dim.high + half);
          out[j][k] = dim.snap(x);
        }
      }
    }
    return out;
  }

  private int component(double u) {
    int lo = 0;
    int hi = m - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** The log density of each point ({@code xs[j][k]}). */
  double[] logPdf(double[][] xs) {
    double[] out = new double[xs.length];
    double[] acc = new double[m];
    for (int j = 0; j < xs.length; j++) {
      System.arraycopy(constant, 0, acc, 0, m);
      boolean stepped = false;
      for (int k = 0; k < dims.length; k++) {
        if (dims[k].kind == Dimension.Kind.STEPPED) {
          stepped = true;
        } else {
          addDimension(k, xs[j][k], acc);
        }
      }
      if (stepped) {
        addStepped(xs[j], acc);
      }
      out[j] = logSumExp(acc);
    }
    return out;
  }

  /**
   * Adds the bucket masses of the stepped dimensions. A log mass is at most 0, so a component whose
   * partial sum is already 40 nats below a complete one cannot matter to the log-sum-exp (the same
   * cut {@link #logSumExp} makes) and is dropped without evaluating its cdfs.
   */
  private void addStepped(double[] x, double[] acc) {
    int top = 0;
    for (int i = 1; i < m; i++) {
      if (acc[i] > acc[top]) {
        top = i;
      }
    }
    double cut = acc[top] + steppedMass(x, top) - 40;
    for (int i = 0; i < m; i++) {
      acc[i] = acc[i] < cut ? Double.NEGATIVE_INFINITY : acc[i] + steppedMass(x, i);
    }
  }

  private double steppedMass(double[] x, int i) {
    double sum = 0;
    for (int k = 0; k < dims.length; k++) {
      if (dims[k].kind == Dimension.Kind.STEPPED) {
        double half = dims[k].step / 2;
        double mk = mu[k][i];
        double sk = sigma[k][i];
        sum += Normal.logMass((x[k] - half - mk) / sk, (x[k] + half - mk) / sk);
      }
    }
    return sum;
  }

  private void addDimension(int k, double x, double[] acc) {
    Dimension dim = dims[k];
    if (dim.kind == Dimension.Kind.CATEGORICAL) {
      int[] c = cat[k];
      int xi = (int) x;
      double hit = logHit[k];
      double miss = logMiss[k];
      for (int i = 0; i < m - 1; i++) {
        acc[i] += c[i] == xi ? hit : miss;
      }
    } else if (dim.kind == Dimension.Kind.STEPPED) {
      double[] mk = mu[k];
      double[] sk = sigma[k];
      double half = dim.step / 2;
      for (int i = 0; i < m; i++) {
        acc[i] += Normal.logMass((x - half - mk[i]) / sk[i], (x + half - mk[i]) / sk[i]);
      }
    } else {
      double[] mk = mu[k];
      double[] ik = inv[k];
      for (int i = 0; i < m; i++) {
        double z = (x - mk[i]) * ik[i];
        acc[i] -= 0.5 * z * z;
      }
    }
  }

  static double logSumExp(double[] a) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : a) {
      max = Math.max(max, v);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    double cut = max - 40;
    for (double v : a) {
      if (v > cut) {
        sum += Math.exp(v - max);
      }
    }
    return max + Math.log(sum);
  }
}
