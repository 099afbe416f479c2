package org.gistsweep.orchestrator.sampler.tpe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Test helpers: kernel sets and rows from plain arrays. */
final class Kernels {
  private Kernels() {}

  /** A COMPLETE row for trial {@code number} with internal coordinates {@code x}. */
  static Row row(int number, double value, double... x) {
    return new Row(number, Row.Kind.COMPLETE, value, 0, 0, x, 0, Map.of());
  }

  /** A kernel set over {@code dims} (indices 0..d-1) synced to observations {@code obs[i][k]}. */
  static KernelSet of(Dimension[] dims, boolean neighbour, double[][] obs) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < obs.length; i++) {
      rows.add(row(i, i, obs[i]));
    }
    boolean[] side = new boolean[rows.size()];
    Arrays.fill(side, true);
    KernelSet set = new KernelSet(dims, neighbour, true);
    set.sync(rows, side);
    return set;
  }
}
