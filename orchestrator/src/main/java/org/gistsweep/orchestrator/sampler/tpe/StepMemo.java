package org.gistsweep.orchestrator.sampler.tpe;

/**
 * Adds the bucket masses of a mixture's stepped dimensions to one candidate's component sums, one
 * {@link Normal#logMass} per distinct (centre, width) ({@link StepClasses}). With few classes all
 * of them are evaluated up front. With many, they are evaluated on demand, and a component whose
 * partial sum is already 40 nats below a complete one is set to -infinity without evaluating its
 * masses: a log mass is at most 0, so the log-sum-exp (which skips terms 40 nats below its maximum)
 * would skip it anyway. Both ways add the masses in the same order and give the same result as
 * adding every mass.
 */
final class StepMemo {
  final boolean any;
  private final StepClasses[] classes;
  private final double[][] value;
  private final int[][] stamp;
  private final boolean eager;
  private int epoch;

  StepMemo(StepClasses[] classes, int n) {
    this.classes = classes;
    value = new double[classes.length][];
    stamp = new int[classes.length][];
    boolean found = false;
    boolean few = true;
    for (int k = 0; k < classes.length; k++) {
      if (classes[k] != null) {
        found = true;
        few &= classes[k].count <= Math.max(32, n / 8);
        value[k] = new double[classes[k].count];
        stamp[k] = new int[classes[k].count];
      }
    }
    any = found;
    eager = few;
  }

  /** Completes {@code acc[0..n)} in place and returns the completed prior component. */
  double addStepped(Dimension[] dims, double[] x, double[] acc, int n, double prior) {
    epoch++;
    if (eager) {
      for (int k = 0; k < dims.length; k++) {
        StepClasses c = classes[k];
        if (c != null) {
          double[] v = value[k];
          for (int id = 0; id < c.count; id++) {
            v[id] = bucket(dims[k], x[k], c.mu[id], c.sigma[id]);
          }
          int[] of = c.of;
          for (int p = 0; p < n; p++) {
            acc[p] += v[of[p]];
          }
        }
      }
      return completePrior(dims, x, prior);
    }
    int top = -1;
    double best = prior;
    for (int p = 0; p < n; p++) {
      if (acc[p] > best) {
        best = acc[p];
        top = p;
      }
    }
    double cut = (top < 0 ? completePrior(dims, x, prior) : complete(dims, x, top, best)) - 40;
    for (int p = 0; p < n; p++) {
      acc[p] = acc[p] < cut ? Double.NEGATIVE_INFINITY : complete(dims, x, p, acc[p]);
    }
    return prior < cut ? Double.NEGATIVE_INFINITY : completePrior(dims, x, prior);
  }

  /** {@code sum} plus component p's masses, added dimension by dimension as the eager loop does. */
  private double complete(Dimension[] dims, double[] x, int p, double sum) {
    for (int k = 0; k < dims.length; k++) {
      StepClasses c = classes[k];
      if (c != null) {
        int id = c.of[p];
        if (stamp[k][id] != epoch) {
          stamp[k][id] = epoch;
          value[k][id] = bucket(dims[k], x[k], c.mu[id], c.sigma[id]);
        }
        sum += value[k][id];
      }
    }
    return sum;
  }

  private double completePrior(Dimension[] dims, double[] x, double sum) {
    for (int k = 0; k < dims.length; k++) {
      if (classes[k] != null) {
        sum += bucket(dims[k], x[k], KernelSet.center(dims[k]), dims[k].range());
      }
    }
    return sum;
  }

  private static double bucket(Dimension dim, double x, double mu, double sigma) {
    double half = dim.step / 2;
    return Normal.logMass((x - half - mu) / sigma, (x + half - mu) / sigma);
  }
}
