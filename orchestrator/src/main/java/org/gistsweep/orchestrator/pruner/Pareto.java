package org.gistsweep.orchestrator.pruner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gistsweep.common.trial.Direction;

/**
 * Non-dominated ranking of objective vectors: the ordering that lets ASHA and the percentile pruner
 * judge multi-objective trials (for one objective it is simply the order of the values, ties
 * sharing a rank), and that gives a study's Pareto front.
 */
public final class Pareto {
  private Pareto() {}

  /** Whether {@code a} dominates {@code b}: no worse in every objective, better in one. */
  public static boolean dominates(List<Double> a, List<Double> b, List<Direction> directions) {
    boolean better = false;
    for (int i = 0; i < directions.size(); i++) {
      double x = a.get(i);
      double y = b.get(i);
      if (directions.get(i).isBetter(y, x)) {
        return false;
      }
      better |= directions.get(i).isBetter(x, y);
    }
    return better;
  }

  /**
   * The front index of every vector: 0 for the non-dominated ones, 1 for those dominated only by
   * front 0, and so on. Quadratic per front for several objectives; for one objective it is the
   * dense rank of the values (n log n). Vectors must be free of NaN.
   */
  public static int[] ranks(List<List<Double>> vectors, List<Direction> directions) {
    if (directions.size() == 1) {
      return ranksOfValues(vectors, directions.get(0));
    }
    int n = vectors.size();
    int[] rank = new int[n];
    List<Integer> left = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      left.add(i);
    }
    for (int front = 0; !left.isEmpty(); front++) {
      List<Integer> current = new ArrayList<>();
      for (int i : left) {
        boolean dominated = false;
        for (int j : left) {
          if (j != i && dominates(vectors.get(j), vectors.get(i), directions)) {
            dominated = true;
            break;
          }
        }
        if (!dominated) {
          current.add(i);
        }
      }
      for (int i : current) {
        rank[i] = front;
      }
      left.removeAll(current);
    }
    return rank;
  }

  /**
   * One objective: front k holds the k-th best distinct value (sorting, not pairwise dominance).
   */
  private static int[] ranksOfValues(List<List<Double>> vectors, Direction direction) {
    int n = vectors.size();
    double[] key = new double[n];
    for (int i = 0; i < n; i++) {
      double v = vectors.get(i).get(0);
      // best first in ascending order; + 0.0 folds -0.0 into 0.0, which compare equal as values
      key[i] = (direction == Direction.MAXIMIZE ? -v : v) + 0.0;
    }
    double[] distinct = key.clone();
    Arrays.sort(distinct);
    int d = 0;
    for (int k = 0; k < n; k++) {
      if (d == 0 || distinct[k] != distinct[d - 1]) {
        distinct[d++] = distinct[k];
      }
    }
    int[] rank = new int[n];
    for (int i = 0; i < n; i++) {
      rank[i] = Arrays.binarySearch(distinct, 0, d, key[i]);
    }
    return rank;
  }

  /** Indices of the non-dominated vectors (front 0), in input order. */
  public static List<Integer> front(List<List<Double>> vectors, List<Direction> directions) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < vectors.size(); i++) {
      boolean dominated = false;
      for (int j = 0; j < vectors.size() && !dominated; j++) {
        dominated = j != i && dominates(vectors.get(j), vectors.get(i), directions);
      }
      if (!dominated) {
        out.add(i);
      }
    }
    return out;
  }

  static boolean hasNaN(List<Double> vector) {
    return vector.stream().anyMatch(v -> v == null || v.isNaN());
  }
}
