package org.gistsweep.orchestrator.sampler.tpe;

import java.util.SplittableRandom;

/**
 * A Parzen mixture over a group of dimensions for one ask: one product kernel per observation of a
 * {@link KernelSet} plus a prior kernel, weighted by {@link Weights#ramp} and {@code priorWeight},
 * normalised. Numeric kernels are truncated normals (stepped: bucket masses); categorical kernels
 * put weight 1 on the observed choice plus priorWeight/(n+1) on every choice, renormalised; the
 * prior kernel is uniform over the choices, and centred at (low+high)/2 with width high-low+step.
 *
 * <p>The density is a log-sum-exp over components of summed per-dimension log densities. The
 * per-kernel constants come from the kernel set; a candidate costs one fused pass over the kernels
 * per continuous or categorical dimension, and stepped dimensions cost one bucket mass per distinct
 * (centre, width) ({@link StepMemo}). A mixture over one categorical or stepped dimension merges
 * equal kernels ({@link DiscreteDensity}). Valid until the kernel set's next sync.
 */
final class ParzenEstimator {
  /** Kernels per block of the density pass: every candidate visits a block while it is in cache. */
  private static final int BLOCK = 512;

  private final KernelSet set;
  private final Dimension[] dims;
  private final int n;
  private final double[] weights;
  private final double[] constant;
  private final double priorConstant;
  private final double[] logHit;
  private final double[] logMiss;
  private final double[] share;
  private final StepClasses[] classes;
  private final DiscreteDensity discrete;

  ParzenEstimator(KernelSet set, WeightCache cache) {
    this.set = set;
    dims = set.dims;
    n = set.size;
    double priorWeight = cache.priorWeight();
    weights = cache.weights(n);
    constant = set.constants();
    System.arraycopy(cache.logs(n), 0, constant, 0, n);
    int d = dims.length;
    logHit = new double[d];
    logMiss = new double[d];
    share = new double[d];
    classes = set.classes;
    double prior = Math.log(weights[n]);
    for (int k = 0; k < d; k++) {
      Dimension dim = dims[k];
      prior += set.priorTerm[k];
      if (dim.kind == Dimension.Kind.CATEGORICAL) {
        double a = priorWeight / (n + 1);
        double norm = 1 + dim.choices * a;
        share[k] = dim.choices * a / norm;
        logHit[k] = Math.log((1 + a) / norm);
        logMiss[k] = Math.log(a / norm);
        continue;
      }
      double[] t = set.term[k];
      for (int p = 0; p < n; p++) {
        constant[p] += t[p];
      }
    }
    priorConstant = prior;
    discrete = d == 1 ? discrete(priorWeight) : null;
  }

  private DiscreteDensity discrete(double priorWeight) {
    Dimension dim = dims[0];
    if (dim.kind == Dimension.Kind.CATEGORICAL) {
      double a = priorWeight / (n + 1);
      double norm = 1 + dim.choices * a;
      return DiscreteDensity.categorical(dim, set.mu[0], weights, n, (1 + a) / norm, a / norm);
    }
    if (dim.kind == Dimension.Kind.STEPPED) {
      return DiscreteDensity.stepped(dim, classes[0], weights, set.term[0], n, set.priorTerm[0]);
    }
    return null;
  }

  /** The normalised component weights, the prior's last (a copy). */
  double[] weights() {
    return weights.clone();
  }

  /** Draws {@code count} points, already snapped to each dimension's values ({@code [j][k]}). */
  double[][] sample(SplittableRandom random, int count) {
    double[] cumulative = new double[n + 1];
    double run = 0;
    for (int p = 0; p <= n; p++) {
      run += weights[p];
      cumulative[p] = run;
    }
    double[][] out = new double[count][dims.length];
    for (int j = 0; j < count; j++) {
      int c = component(cumulative, random.nextDouble());
      for (int k = 0; k < dims.length; k++) {
        Dimension dim = dims[k];
        if (dim.kind == Dimension.Kind.CATEGORICAL) {
          boolean own = c < n && random.nextDouble() >= share[k];
          out[j][k] = own ? set.mu[k][c] : random.nextInt(dim.choices);
        } else {
          double half = dim.step / 2;
          double m = c < n ? set.mu[k][c] : KernelSet.center(dim);
          double s = c < n ? set.sigma[k][c] : dim.range();
          out[j][k] =
              dim.snap(TruncatedNormal.sample(random, m, s, dim.low - half, dim.high + half));
        }
      }
    }
    return out;
  }

  private static int component(double[] cumulative, double u) {
    int lo = 0;
    int hi = cumulative.length - 1;
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
    if (discrete != null) {
      for (int j = 0; j < xs.length; j++) {
        out[j] = discrete.logPdf(xs[j][0]);
      }
      return out;
    }
    int count = xs.length;
    double[][] acc = set.scratch(count);
    double[] prior = new double[count];
    for (int j = 0; j < count; j++) {
      prior[j] = priorConstant;
      for (int k = 0; k < dims.length; k++) {
        if (dims[k].kind == Dimension.Kind.CONTINUOUS) {
          double z = (xs[j][k] - KernelSet.center(dims[k])) * (1 / dims[k].range());
          prior[j] -= 0.5 * z * z;
        }
      }
    }
    for (int from = 0; from < n; from += BLOCK) {
      int to = Math.min(n, from + BLOCK);
      for (int j = 0; j < count; j++) {
        double[] a = acc[j];
        System.arraycopy(constant, from, a, from, to - from);
        for (int k = 0; k < dims.length; k++) {
          if (dims[k].kind == Dimension.Kind.CATEGORICAL) {
            addCategorical(k, xs[j][k], a, from, to);
          } else if (dims[k].kind == Dimension.Kind.CONTINUOUS) {
            addContinuous(set.mu[k], set.inv[k], xs[j][k], a, from, to);
          }
        }
      }
    }
    StepMemo memo = new StepMemo(classes, n);
    for (int j = 0; j < count; j++) {
      double p = memo.any ? memo.addStepped(dims, xs[j], acc[j], n, prior[j]) : prior[j];
      out[j] = logSumExp(acc[j], n, p);
    }
    return out;
  }

  private void addCategorical(int k, double x, double[] acc, int from, int to) {
    double[] c = set.mu[k];
    double hit = logHit[k];
    double miss = logMiss[k];
    for (int p = from; p < to; p++) {
      acc[p] += c[p] == x ? hit : miss;
    }
  }

  private static void addContinuous(
      double[] mu, double[] inv, double x, double[] acc, int from, int to) {
    for (int p = from; p < to; p++) {
      double z = (x - mu[p]) * inv[p];
      acc[p] -= 0.5 * z * z;
    }
  }

  /**
   * log(sum exp(a[0..n)) + exp(last)); terms more than 40 nats below the largest are skipped
   * (together below 1e-13 relative at 10,000 kernels).
   */
  static double logSumExp(double[] a, int n, double last) {
    double max = last;
    for (int p = 0; p < n; p++) {
      max = Math.max(max, a[p]);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double cut = max - 40;
    double sum = 0;
    for (int p = 0; p < n; p++) {
      if (a[p] > cut) {
        sum += Math.exp(a[p] - max);
      }
    }
    if (last > cut) {
      sum += Math.exp(last - max);
    }
    return max + Math.log(sum);
  }
}
