package org.gistsweep.orchestrator.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints one mode's sample-efficiency results: per problem, the mean and standard error of final
 * best and of the area under the best-so-far curve for every contender, and a verdict of the first
 * contender (ours) against each of the others by a two-sided Mann-Whitney U test at {@link #ALPHA}:
 * {@code +} significantly better, {@code =} no significant difference, {@code -} significantly
 * worse (lower is better). No correction for multiple comparisons is applied.
 */
final class EfficiencyReport {
  static final double ALPHA = 0.05;
  private static final String[] METRICS = {
    "final best", "area under the best-so-far curve (mean best-so-far)"
  };

  private EfficiencyReport() {}

  /**
   * @param results {@code [problem][contender][seed][metric]} from {@link Efficiency#run}
   * @param compared how many contenders after the first get a verdict column
   * @return for each contender after the first, the problems (by name and metric) where ours was
   *     significantly worse
   */
  static List<List<String>> print(
      List<Problems.Problem> problems,
      List<Contender> contenders,
      double[][][][] results,
      int compared) {
    List<List<String>> worse = new ArrayList<>();
    for (int c = 1; c < contenders.size(); c++) {
      worse.add(new ArrayList<>());
    }
    for (int m = 0; m < METRICS.length; m++) {
      System.out.println(METRICS[m]);
      StringBuilder head = new StringBuilder(String.format("%-20s", "problem"));
      for (Contender c : contenders) {
        head.append(String.format(" %19s", c.name()));
      }
      for (int c = 1; c <= compared; c++) {
        head.append(String.format(" %15s", "vs " + contenders.get(c).name()));
      }
      System.out.println(head);
      for (int p = 0; p < problems.size(); p++) {
        StringBuilder row = new StringBuilder(String.format("%-20s", problems.get(p).name()));
        for (int c = 0; c < contenders.size(); c++) {
          double[] x = metric(results[p][c], m);
          row.append(String.format(" %19s", format(Stats.mean(x), Stats.se(x))));
        }
        for (int c = 1; c <= compared; c++) {
          MannWhitney.Result r =
              MannWhitney.test(metric(results[p][0], m), metric(results[p][c], m));
          String mark = r.p() >= ALPHA ? "=" : r.xLower() ? "+" : "-";
          if (mark.equals("-")) {
            worse.get(c - 1).add(problems.get(p).name() + " (" + (m == 0 ? "best" : "auc") + ")");
          }
          row.append(String.format(" %15s", mark + " p=" + String.format("%.3f", r.p())));
        }
        System.out.println(row);
      }
      System.out.println();
    }
    return worse;
  }

  /** Stouffer's z over problems of ours against contender {@code c}, for metric {@code m}. */
  static double combined(double[][][][] results, int c, int m) {
    double[] z = new double[results.length];
    for (int p = 0; p < results.length; p++) {
      z[p] = MannWhitney.test(metric(results[p][0], m), metric(results[p][c], m)).z();
    }
    return Stats.stouffer(z);
  }

  static double[] metric(double[][] seeds, int m) {
    double[] x = new double[seeds.length];
    for (int s = 0; s < seeds.length; s++) {
      x[s] = seeds[s][m];
    }
    return x;
  }

  private static String format(double mean, double se) {
    return String.format("%.4g±%.2g", mean, se);
  }
}
