package org.gistsweep.orchestrator.pruner;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.gistsweep.common.trial.TrialState;

/**
 * What a pruner knows about one trial: its number, its state and its intermediate objective values.
 *
 * @param number the trial number within the study
 * @param state the trial's state (median and percentile compare with COMPLETE trials only)
 * @param values step (1-based epoch) to the objective vector reported at that step, one value per
 *     objective in the study's order; NaN where unknown
 */
public record PrunerTrial(int number, TrialState state, SortedMap<Integer, List<Double>> values) {
  public PrunerTrial {
    TreeMap<Integer, List<Double>> copy = new TreeMap<>();
    values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    values = Collections.unmodifiableSortedMap(copy);
  }

  /** The latest reported step, or 0 before the first report. */
  public int lastStep() {
    return values.isEmpty() ? 0 : values.lastKey();
  }

  /** The step reported before the latest one, or 0. */
  int previousStep() {
    SortedMap<Integer, List<Double>> before = values.headMap(lastStep());
    return before.isEmpty() ? 0 : before.lastKey();
  }

  /**
   * The vector first reported at or after {@code step}, or {@code null} if the trial never got
   * there.
   */
  List<Double> atOrAfter(int step) {
    SortedMap<Integer, List<Double>> tail = values.tailMap(step);
    return tail.isEmpty() ? null : tail.get(tail.firstKey());
  }
}
