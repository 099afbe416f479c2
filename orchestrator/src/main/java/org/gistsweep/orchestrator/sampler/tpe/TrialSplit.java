package org.gistsweep.orchestrator.sampler.tpe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.gistsweep.common.trial.Direction;

/**
 * Optuna's {@code _split_trials} for one objective: the best {@code nBelow} COMPLETE trials are
 * "below"; if there are fewer, PRUNED trials fill up, ranked by the furthest step reached, then by
 * the value at that step (NaN last; no intermediate values after all others). Everything else,
 * including every constant-liar row, is "above". Ties go to the lower trial number, as Python's
 * stable sort over a number-ordered list does. The best COMPLETE trials are found with a bounded
 * heap, O(n log nBelow).
 */
final class TrialSplit {
  private TrialSplit() {}

  /** {@code below[i]} for each of {@code rows} (in trial-number order). */
  static boolean[] below(List<Row> rows, Direction direction, int nBelow) {
    boolean[] below = new boolean[rows.size()];
    double sign = direction == Direction.MAXIMIZE ? -1 : 1;
    Comparator<Integer> byValue =
        Comparator.<Integer>comparingDouble(i -> sign * rows.get(i).value()).thenComparingInt(i -> i);
    PriorityQueue<Integer> best = new PriorityQueue<>(byValue.reversed());
    List<Integer> pruned = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      if (r.kind() == Row.Kind.COMPLETE && nBelow > 0) {
        best.add(i);
        if (best.size() > nBelow) {
          best.poll();
        }
      } else if (r.kind() == Row.Kind.PRUNED) {
        pruned.add(i);
      }
    }
    int rest = nBelow - best.size();
    for (int i : best) {
      below[i] = true;
    }
    if (rest > 0 && !pruned.isEmpty()) {
      pruned.sort(
          Comparator.<Integer>comparingDouble(i -> prunedStep(rows.get(i)))
              .thenComparingDouble(i -> prunedValue(rows.get(i), sign))
              .thenComparingInt(i -> i));
      for (int k = 0; k < Math.min(rest, pruned.size()); k++) {
        below[pruned.get(k)] = true;
      }
    }
    return below;
  }

  private static double prunedStep(Row r) {
    return r.lastStep() > 0 ? -r.lastStep() : 1;
  }

  private static double prunedValue(Row r, double sign) {
    if (r.lastStep() == 0) {
      return 0;
    }
    return Double.isNaN(r.lastValue()) ? Double.POSITIVE_INFINITY : sign * r.lastValue();
  }
}
