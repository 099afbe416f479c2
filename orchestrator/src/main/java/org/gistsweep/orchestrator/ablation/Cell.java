package org.gistsweep.orchestrator.ablation;

import java.util.List;

/**
 * One table entry. On a parameter row: the mean, the sample standard deviation (n - 1; NaN when n =
 * 1) and n of the trials in the cell, with their numbers. On a VTAB group or Avg line: the mean of
 * the task (or group) means, NaN std, and n = how many task (or group) means it averages.
 */
public record Cell(double mean, double std, int n, List<Integer> trials) {
  public Cell {
    trials = List.copyOf(trials);
  }

  static Cell of(List<Double> values, List<Integer> trials) {
    return new Cell(Stats.mean(values), Stats.sampleStd(values), values.size(), trials);
  }

  static Cell meanOf(List<Double> means) {
    return new Cell(Stats.mean(means), Double.NaN, means.size(), List.of());
  }
}
