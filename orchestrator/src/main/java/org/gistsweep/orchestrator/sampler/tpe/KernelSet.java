package org.gistsweep.orchestrator.sampler.tpe;

import java.util.Arrays;
import java.util.List;

/**
 * The observation kernels of one side (below or above) of one group, kept from ask to ask: the
 * members' trial numbers in ascending order and, per dimension, each kernel's centre {@code mu},
 * width {@code sigma}, {@code inv = 1/sigma} and log-density constant {@code term} (minus the log
 * truncation mass, and for continuous dimensions minus log(sigma * sqrt(2 pi))).
 *
 * <p>{@link #sync} merges the difference from the previous ask (typically one or two trials) in
 * O(n) copying, with no sort ({@link KernelWidths} keeps the width rule's state), and recomputes a
 * kernel's width and constant only when its width changed. A width, 1/width and constant are the
 * same functions of (centre, width) whichever path computed them, so the state after any sequence
 * of syncs equals, bit for bit, the state of a fresh set synced once.
 */
final class KernelSet {
  final Dimension[] dims;

  /** Per dimension, the prior kernel's log-density constant. */
  final double[] priorTerm;

  /** Per stepped dimension, the kernels' distinct (centre, width) pairs; null for the others. */
  final StepClasses[] classes;

  int size;
  int[] numbers = new int[0];
  private Row[] sources = new Row[0];
  double[][] mu;
  double[][] sigma;
  double[][] inv;
  double[][] term;
  private final int[] at;
  private final KernelBuffers spare;
  private final KernelWidths widths;
  private int[] mark = new int[0];
  private int epoch;
  private double[][] scratch = new double[0][];
  private double[] constants = new double[0];
  private double[][] addValues;
  private int[] addNumbers = new int[0];
  private int addCount;
  private double[][] dropValues;
  private int[] dropNumbers = new int[0];
  private int dropCount;

  /**
   * @param neighbour neighbour-gap widths instead of Scott's rule, see {@link KernelWidths}
   */
  KernelSet(Dimension[] dims, boolean neighbour, boolean magicClip) {
    this.dims = dims;
    int d = dims.length;
    at = new int[d];
    priorTerm = new double[d];
    classes = new StepClasses[d];
    addValues = new double[d][0];
    dropValues = new double[d][0];
    for (int k = 0; k < d; k++) {
      Dimension dim = dims[k];
      at[k] = dim.index;
      if (dim.kind == Dimension.Kind.CATEGORICAL) {
        priorTerm[k] = -Math.log(dim.choices);
      } else {
        priorTerm[k] = term(dim, center(dim), dim.range());
        classes[k] = dim.kind == Dimension.Kind.STEPPED ? new StepClasses() : null;
      }
    }
    KernelBuffers b = new KernelBuffers(d);
    mu = b.mu;
    sigma = b.sigma;
    inv = b.inv;
    term = b.term;
    spare = new KernelBuffers(d);
    widths = new KernelWidths(dims, neighbour, magicClip);
  }

  /** A reusable buffer of at least {@code size} values for the per-kernel constants of one ask. */
  double[] constants() {
    if (constants.length < size) {
      constants = new double[size + (size >> 2) + 16];
    }
    return constants;
  }

  /** A reusable {@code [count][>= size]} buffer for one density evaluation at a time. */
  double[][] scratch(int count) {
    if (scratch.length < count || (count > 0 && scratch[0].length < size)) {
      scratch = new double[count][size + (size >> 2) + 16];
    }
    return scratch;
  }

  static double center(Dimension dim) {
    return 0.5 * (dim.low + dim.high);
  }

  /** The log-density constant of a kernel at {@code mu} with width {@code s} in {@code dim}. */
  static double term(Dimension dim, double mu, double s) {
    double half = dim.step / 2;
    double logZ = TruncatedNormal.logNormaliser(mu, s, dim.low - half, dim.high + half);
    return dim.kind == Dimension.Kind.STEPPED ? -logZ : -(logZ + Math.log(s) + Normal.LOG_SQRT_2PI);
  }

  /**
   * Makes the members the rows flagged in {@code member} (each must have every dimension of the
   * set); {@code rows} are in ascending trial-number order.
   */
  void sync(List<Row> rows, boolean[] member) {
    epoch++;
    int count = 0;
    int maxNumber = size > 0 ? numbers[size - 1] : 0;
    for (int i = 0; i < rows.size(); i++) {
      if (member[i]) {
        count++;
        maxNumber = Math.max(maxNumber, rows.get(i).number());
      }
    }
    spare.ensure(count);
    if (mark.length <= maxNumber) {
      mark = Arrays.copyOf(mark, maxNumber + 1 + (maxNumber >> 1));
    }
    addCount = 0;
    dropCount = 0;
    int p = 0;
    int out = 0;
    int runSrc = 0;
    int runDst = 0;
    int runLen = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      if (!member[i]) {
        continue;
      }
      int num = r.number();
      while (p < size && numbers[p] < num) {
        drop(p++);
      }
      if (p < size && numbers[p] == num && (sources[p] == r || same(p, r.x()))) {
        if (runLen > 0 && runSrc + runLen == p && runDst + runLen == out) {
          runLen++;
        } else {
          copy(runSrc, runDst, runLen);
          runSrc = p;
          runDst = out;
          runLen = 1;
        }
        p++;
      } else {
        if (p < size && numbers[p] == num) {
          drop(p++);
        }
        add(out, r);
      }
      spare.rows[out] = r;
      spare.numbers[out++] = num;
    }
    while (p < size) {
      drop(p++);
    }
    copy(runSrc, runDst, runLen);
    swap(count);
    widths.edit(dropValues, dropNumbers, dropCount, addValues, addNumbers, addCount, mark, epoch);
    widths.apply(this, maxNumber);
    for (int k = 0; k < dims.length; k++) {
      if (classes[k] != null) {
        classes[k].compute(mu[k], sigma[k], size);
      }
    }
  }

  private void drop(int p) {
    int num = numbers[p];
    mark[num] = epoch;
    if (dropCount == dropNumbers.length) {
      dropNumbers = Arrays.copyOf(dropNumbers, 2 * dropCount + 4);
      for (int k = 0; k < dims.length; k++) {
        dropValues[k] = Arrays.copyOf(dropValues[k], dropNumbers.length);
      }
    }
    for (int k = 0; k < dims.length; k++) {
      dropValues[k][dropCount] = mu[k][p];
    }
    dropNumbers[dropCount++] = num;
  }

  private boolean same(int p, double[] x) {
    for (int k = 0; k < at.length; k++) {
      if (Double.doubleToLongBits(mu[k][p]) != Double.doubleToLongBits(x[at[k]])) {
        return false;
      }
    }
    return true;
  }

  private void copy(int src, int dst, int len) {
    if (len > 0) {
      for (int k = 0; k < dims.length; k++) {
        System.arraycopy(mu[k], src, spare.mu[k], dst, len);
        System.arraycopy(sigma[k], src, spare.sigma[k], dst, len);
        System.arraycopy(inv[k], src, spare.inv[k], dst, len);
        System.arraycopy(term[k], src, spare.term[k], dst, len);
      }
    }
  }

  private void add(int out, Row r) {
    if (addCount == addNumbers.length) {
      addNumbers = Arrays.copyOf(addNumbers, 2 * addCount + 4);
      for (int k = 0; k < dims.length; k++) {
        addValues[k] = Arrays.copyOf(addValues[k], addNumbers.length);
      }
    }
    for (int k = 0; k < dims.length; k++) {
      double x = r.x()[at[k]];
      spare.mu[k][out] = x;
      spare.sigma[k][out] = Double.NaN;
      addValues[k][addCount] = x;
    }
    addNumbers[addCount++] = r.number();
  }

  private void swap(int count) {
    int[] nums = numbers;
    numbers = spare.numbers;
    spare.numbers = nums;
    Row[] rs = sources;
    sources = spare.rows;
    spare.rows = rs;
    double[][][] old = {mu, sigma, inv, term};
    mu = spare.mu;
    sigma = spare.sigma;
    inv = spare.inv;
    term = spare.term;
    spare.mu = old[0];
    spare.sigma = old[1];
    spare.inv = old[2];
    spare.term = old[3];
    size = count;
  }

  /** Gives kernel p of dimension k the width w and recomputes its constant. */
  void set(int k, int p, double w) {
    sigma[k][p] = w;
    inv[k][p] = 1 / w;
    term[k][p] = term(dims[k], mu[k][p], w);
  }
}
