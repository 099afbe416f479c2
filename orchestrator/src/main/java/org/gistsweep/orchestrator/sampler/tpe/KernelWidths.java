package org.gistsweep.orchestrator.sampler.tpe;

import java.util.Arrays;

/**
 * The width rule of a {@link KernelSet}, applied incrementally: Scott's rule (one width per
 * dimension, from the member count), or neighbour gaps kept in a {@link SortedColumn} per numeric
 * dimension. After a few edits with an unchanged clip only the observations whose neighbours
 * changed are visited; otherwise every kernel. A kernel's constant is recomputed only when its
 * width changed.
 */
final class KernelWidths {
  /** Up to this many members joining or leaving, sorted columns are edited in place. */
  private static final int FEW_EDITS = 8;

  private final Dimension[] dims;
  private final boolean neighbour;
  private final boolean magicClip;
  private final SortedColumn[] columns;
  private final IntList[] touched;
  private final double[] lastMin;
  private double[] raw = new double[0];
  private boolean few;

  KernelWidths(Dimension[] dims, boolean neighbour, boolean magicClip) {
    this.dims = dims;
    this.neighbour = neighbour;
    this.magicClip = magicClip;
    columns = new SortedColumn[dims.length];
    touched = new IntList[dims.length];
    lastMin = new double[dims.length];
    for (int k = 0; k < dims.length; k++) {
      if (neighbour && dims[k].kind != Dimension.Kind.CATEGORICAL) {
        columns[k] = new SortedColumn(KernelSet.center(dims[k]));
        touched[k] = new IntList();
      }
    }
  }

  /**
   * Applies a sync's edits to the sorted columns: members that left ({@code mark[number] == epoch},
   * values given) and members that joined, both in ascending trial-number order.
   */
  void edit(
      double[][] dropValues,
      int[] dropNumbers,
      int dropCount,
      double[][] addValues,
      int[] addNumbers,
      int addCount,
      int[] mark,
      int epoch) {
    few = addCount + dropCount <= FEW_EDITS;
    for (int k = 0; k < dims.length; k++) {
      SortedColumn c = columns[k];
      if (c == null) {
        continue;
      }
      touched[k].clear();
      if (few) {
        for (int i = 0; i < dropCount; i++) {
          c.remove(dropValues[k][i], dropNumbers[i], touched[k]);
        }
        for (int i = 0; i < addCount; i++) {
          c.insert(addValues[k][i], addNumbers[i], touched[k]);
        }
      } else {
        c.update(mark, epoch, addValues[k], addNumbers, addCount);
      }
    }
  }

  /**
   * Sets the widths of the set's current members ({@code maxNumber}: their largest trial number).
   */
  void apply(KernelSet s, int maxNumber) {
    for (int k = 0; k < dims.length; k++) {
      Dimension dim = dims[k];
      if (dim.kind == Dimension.Kind.CATEGORICAL) {
        continue;
      }
      double range = dim.range();
      double min = Bandwidths.minimum(range, s.size, magicClip);
      double[] sigma = s.sigma[k];
      if (!neighbour) {
        double w = Math.min(range, Math.max(min, Bandwidths.scott(s.size, dims.length, range)));
        for (int p = 0; p < s.size; p++) {
          if (sigma[p] != w) {
            s.set(k, p, w);
          }
        }
      } else if (few && min == lastMin[k]) {
        IntList t = touched[k];
        for (int i = 0; i < t.size(); i++) {
          int p = Arrays.binarySearch(s.numbers, 0, s.size, t.get(i));
          if (p >= 0) {
            double w = Math.min(range, Math.max(min, columns[k].width(s.mu[k][p], s.numbers[p])));
            if (sigma[p] != w) {
              s.set(k, p, w);
            }
          }
        }
      } else {
        if (raw.length <= maxNumber) {
          raw = new double[maxNumber + 1 + (maxNumber >> 1)];
        }
        columns[k].widths(raw);
        for (int p = 0; p < s.size; p++) {
          double w = Math.min(range, Math.max(min, raw[s.numbers[p]]));
          if (sigma[p] != w) {
            s.set(k, p, w);
          }
        }
      }
      lastMin[k] = min;
    }
  }
}
