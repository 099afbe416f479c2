package org.gistsweep.orchestrator.sampler.tpe;

/** The per-kernel arrays of a {@link KernelSet} ({@code [dimension][kernel]}), grown on demand. */
final class KernelBuffers {
  int[] numbers = new int[0];

  /** The row each kernel came from: an identical row needs no comparison of values. */
  Row[] rows = new Row[0];

  double[][] mu;
  double[][] sigma;
  double[][] inv;
  double[][] term;

  KernelBuffers(int dims) {
    mu = new double[dims][0];
    sigma = new double[dims][0];
    inv = new double[dims][0];
    term = new double[dims][0];
  }

  /** Makes room for {@code count} kernels; contents are not kept when the arrays grow. */
  void ensure(int count) {
    if (numbers.length >= count) {
      return;
    }
    int capacity = count + (count >> 1) + 8;
    numbers = new int[capacity];
    rows = new Row[capacity];
    for (int k = 0; k < mu.length; k++) {
      mu[k] = new double[capacity];
      sigma[k] = new double[capacity];
      inv[k] = new double[capacity];
      term[k] = new double[capacity];
    }
  }
}
