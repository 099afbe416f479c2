package org.gistsweep.orchestrator.sampler.tpe;

import java.util.Arrays;

/**
 * One numeric dimension of a {@link KernelSet}, its observations kept sorted by (value, trial
 * number) together with the prior's centre (ordered after equal observations), for Optuna's
 * neighbour-gap bandwidths ({@link Bandwidths#neighbour} gives the same widths from scratch). A few
 * edits are made in place ({@link #insert}, {@link #remove}: a binary search and one array move
 * each), and report the observations whose neighbours changed, so only their widths need
 * recomputing; many are merged in O(n + k log k) ({@link #update}). No ask sorts the column.
 */
final class SortedColumn {
  private static final int PRIOR = Integer.MAX_VALUE;
  private double[] values;
  private int[] numbers;
  private double[] spareValues;
  private int[] spareNumbers;
  private int size;

  /** An empty column: only the prior's centre. */
  SortedColumn(double prior) {
    values = new double[] {prior};
    numbers = new int[] {PRIOR};
    spareValues = new double[1];
    spareNumbers = new int[1];
    size = 1;
  }

  /**
   * Drops the observations whose trial number is marked ({@code mark[number] == epoch}) and adds
   * {@code count} new ones, given in ascending trial-number order.
   */
  void update(int[] mark, int epoch, double[] addValues, int[] addNumbers, int count) {
    int[] order = sortByValue(addValues, count);
    int capacity = size + count;
    if (spareValues.length < capacity) {
      spareValues = new double[capacity + (capacity >> 1)];
      spareNumbers = new int[spareValues.length];
    }
    int out = 0;
    int a = 0;
    for (int r = 0; r < size; r++) {
      int num = numbers[r];
      if (num != PRIOR && num < mark.length && mark[num] == epoch) {
        continue;
      }
      double v = values[r];
      while (a < count && before(addValues[order[a]], addNumbers[order[a]], v, num)) {
        spareValues[out] = addValues[order[a]];
        spareNumbers[out++] = addNumbers[order[a++]];
      }
      spareValues[out] = v;
      spareNumbers[out++] = num;
    }
    for (; a < count; a++) {
      spareValues[out] = addValues[order[a]];
      spareNumbers[out++] = addNumbers[order[a]];
    }
    double[] v = values;
    values = spareValues;
    spareValues = v;
    int[] nums = numbers;
    numbers = spareNumbers;
    spareNumbers = nums;
    size = out;
  }

  /** Inserts (v, number) and adds the trial numbers whose neighbours changed to {@code touched}. */
  void insert(double v, int number, IntList touched) {
    int r = position(v, number);
    if (size == values.length) {
      values = Arrays.copyOf(values, size + (size >> 1) + 8);
      numbers = Arrays.copyOf(numbers, values.length);
    }
    System.arraycopy(values, r, values, r + 1, size - r);
    System.arraycopy(numbers, r, numbers, r + 1, size - r);
    values[r] = v;
    numbers[r] = number;
    size++;
    touch(r - 1, r + 1, touched);
  }

  /** Removes (v, number), if present, and adds the trial numbers whose neighbours changed. */
  void remove(double v, int number, IntList touched) {
    int r = position(v, number);
    if (r == size || numbers[r] != number || values[r] != v) {
      return;
    }
    System.arraycopy(values, r + 1, values, r, size - r - 1);
    System.arraycopy(numbers, r + 1, numbers, r, size - r - 1);
    size--;
    touch(r - 1, r, touched);
  }

  private void touch(int from, int to, IntList touched) {
    for (int r = Math.max(0, from); r <= Math.min(size - 1, to); r++) {
      if (numbers[r] != PRIOR) {
        touched.add(numbers[r]);
      }
    }
  }

  /** The first position whose entry does not sort before (v, number). */
  private int position(double v, int number) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (before(values[mid], numbers[mid], v, number)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The unclipped width of the observation (v, number), which must be in the column. */
  double width(double v, int number) {
    return width(position(v, number));
  }

  /**
   * Writes each observation's unclipped width into {@code raw[trial number]}: the larger gap to a
   * neighbour, the inner gap for the two extremes ({@code consider_endpoints=False}), so the
   * range's ends never matter.
   */
  void widths(double[] raw) {
    for (int r = 0; r < size; r++) {
      if (numbers[r] != PRIOR) {
        raw[numbers[r]] = width(r);
      }
    }
  }

  private double width(int r) {
    int last = size - 1;
    if (r == 0) {
      return values[1] - values[0];
    }
    if (r == last) {
      return values[r] - values[r - 1];
    }
    return Math.max(values[r] - values[r - 1], values[r + 1] - values[r]);
  }

  /** Whether (v1, n1) sorts before (v2, n2). */
  private static boolean before(double v1, int n1, double v2, int n2) {
    return v1 < v2 || (v1 == v2 && n1 < n2);
  }

  /** A stable order of {@code v[0..count)} by value (a merge sort of indices). */
  private static int[] sortByValue(double[] v, int count) {
    int[] idx = new int[count];
    for (int i = 0; i < count; i++) {
      idx[i] = i;
    }
    int[] tmp = new int[count];
    for (int width = 1; width < count; width <<= 1) {
      for (int lo = 0; lo < count - width; lo += 2 * width) {
        int mid = lo + width;
        int hi = Math.min(lo + 2 * width, count);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          tmp[k++] = v[idx[j]] < v[idx[i]] ? idx[j++] : idx[i++];
        }
        while (i < mid) {
          tmp[k++] = idx[i++];
        }
        while (j < hi) {
          tmp[k++] = idx[j++];
        }
        System.arraycopy(tmp, lo, idx, lo, hi - lo);
      }
    }
    return idx;
  }
}
