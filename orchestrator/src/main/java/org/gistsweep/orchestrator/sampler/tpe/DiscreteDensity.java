package org.gistsweep.orchestrator.sampler.tpe;

import java.util.Arrays;

/**
 * The log density of a one-dimensional categorical or stepped mixture with the kernels that are
 * equal merged: observations on the same choice (categorical), or with the same centre and width
 * (stepped, {@link StepClasses}), become one component carrying the sum of their weights. The
 * mixture is the same; only the order of the floating-point additions differs from a sum over
 * kernels. Optuna computes one categorical parameter the same way ({@code
 * np.inner(categorical_weights.T, weights)}). A candidate then costs one term per distinct kernel
 * instead of one per observation, and repeated candidates are answered from a memo.
 */
final class DiscreteDensity {
  private final Dimension dim;
  private final double[] logWeight;
  private final double[] classMu;
  private final double[] classSigma;
  private final double[] choiceLog;
  private double[] seenX = new double[8];
  private double[] seenValue = new double[8];
  private int seen;

  private DiscreteDensity(
      Dimension dim, double[] logWeight, double[] mu, double[] sigma, double[] choiceLog) {
    this.dim = dim;
    this.logWeight = logWeight;
    this.classMu = mu;
    this.classSigma = sigma;
    this.choiceLog = choiceLog;
  }

  /**
   * One categorical dimension: choice c has mass sum_p w_p (hit if c_p = c else miss) + w_prior /
   * C.
   *
   * @param weights normalised weights, the prior's at index n
   */
  static DiscreteDensity categorical(
      Dimension dim, double[] choice, double[] weights, int n, double hit, double miss) {
    double[] byChoice = new double[dim.choices];
    double observed = 0;
    for (int p = 0; p < n; p++) {
      byChoice[(int) choice[p]] += weights[p];
      observed += weights[p];
    }
    double[] log = new double[dim.choices];
    for (int c = 0; c < dim.choices; c++) {
      log[c] =
          Math.log(byChoice[c] * hit + (observed - byChoice[c]) * miss + weights[n] / dim.choices);
    }
    return new DiscreteDensity(dim, null, null, null, log);
  }

  /**
   * One stepped dimension: per class, the log of its summed weight plus its kernels' constant; the
   * prior (centre, range) is the last class.
   */
  static DiscreteDensity stepped(
      Dimension dim,
      StepClasses classes,
      double[] weights,
      double[] term,
      int n,
      double priorTerm) {
    int count = classes.count;
    double[] w = new double[count];
    double[] t = new double[count];
    for (int p = 0; p < n; p++) {
      w[classes.of[p]] += weights[p];
      t[classes.of[p]] = term[p];
    }
    double[] logWeight = new double[count + 1];
    for (int c = 0; c < count; c++) {
      logWeight[c] = Math.log(w[c]) + t[c];
    }
    logWeight[count] = Math.log(weights[n]) + priorTerm;
    double[] mu = Arrays.copyOf(classes.mu, count + 1);
    double[] sigma = Arrays.copyOf(classes.sigma, count + 1);
    mu[count] = KernelSet.center(dim);
    sigma[count] = dim.range();
    return new DiscreteDensity(dim, logWeight, mu, sigma, null);
  }

  /** log density (categorical: log probability) at internal coordinate {@code x}. */
  double logPdf(double x) {
    if (choiceLog != null) {
      return choiceLog[(int) x];
    }
    for (int i = 0; i < seen; i++) {
      if (seenX[i] == x) {
        return seenValue[i];
      }
    }
    double half = dim.step / 2;
    double[] v = new double[logWeight.length];
    for (int c = 0; c < v.length; c++) {
      v[c] =
          logWeight[c]
              + Normal.logMass(
                  (x - half - classMu[c]) / classSigma[c], (x + half - classMu[c]) / classSigma[c]);
    }
    double out = ParzenEstimator.logSumExp(v, v.length - 1, v[v.length - 1]);
    if (seen == seenX.length) {
      seenX = Arrays.copyOf(seenX, 2 * seen);
      seenValue = Arrays.copyOf(seenValue, 2 * seen);
    }
    seenX[seen] = x;
    seenValue[seen++] = out;
    return out;
  }
}
