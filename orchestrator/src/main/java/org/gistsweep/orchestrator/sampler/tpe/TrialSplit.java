package org.gistsweep.orchestrator.sampler.tpe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.gistsweep.common.trial.Direction;

/**
 * Optuna's {@code _split_trials} for one objective: the best {@code nBelow} COMPLETE trials are
 * "below"; if there are fewer, PRUNED trials fill up, ranked by the furthest step reached, then by
 * the value at that step (NaN last; no intermediate values after all others). Everything else,
 * including every constant-liar row, is "above". Ties go to the lower trial number, as Python's
 * stable sort over a number-ordered list does. The best COMPLETE trials are kept in a bounded
 * binary heap of row indices (worst on top), O(n log nBelow) with no boxing.
 */
final class TrialSplit {
  private TrialSplit() {}

  /** {@code below[i]} for each of {@code rows} (in trial-number order). */
  static boolean[] below(List<Row> rows, Direction direction, int nBelow) {
    boolean[] below = new boolean[rows.size()];
    double sign = direction == Direction.MAXIMIZE ? -1 : 1;
    int[] heap = new int[Math.max(nBelow, 0)];
    double[] key = new double[heap.length];
    int size = 0;
    List<Integer> pruned = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      if (r.kind() == Row.Kind.COMPLETE && nBelow > 0) {
        double v = sign * r.value();
        if (size < nBelow) {
          heap[size] = i;
          key[size] = v;
          up(heap, key, size++);
        } else if (v < key[0]) {
          heap[0] = i;
          key[0] = v;
          down(heap, key, size);
        }
      } else if (r.kind() == Row.Kind.PRUNED) {
        pruned.add(i);
      }
    }
    for (int k = 0; k < size; k++) {
      below[heap[k]] = true;
    }
    int rest = nBelow - size;
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

  /** Whether entry a is worse than entry b: larger key, or the same key and a later trial. */
  private static boolean worse(int[] heap, double[] key, int a, int b) {
    return key[a] > key[b] || (key[a] == key[b] && heap[a] > heap[b]);
  }

  private static void up(int[] heap, double[] key, int at) {
    while (at > 0) {
      int parent = (at - 1) >>> 1;
      if (!worse(heap, key, at, parent)) {
        return;
      }
      swap(heap, key, at, parent);
      at = parent;
    }
  }

  private static void down(int[] heap, double[] key, int size) {
    int at = 0;
    while (true) {
      int child = 2 * at + 1;
      if (child >= size) {
        return;
      }
      if (child + 1 < size && worse(heap, key, child + 1, child)) {
        child++;
      }
      if (!worse(heap, key, child, at)) {
        return;
      }
      swap(heap, key, at, child);
      at = child;
    }
  }

  private static void swap(int[] heap, double[] key, int a, int b) {
    int h = heap[a];
    heap[a] = heap[b];
    heap[b] = h;
    double k = key[a];
    key[a] = key[b];
    key[b] = k;
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
