package org.gistsweep.orchestrator.ablation;

import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.stream.Collectors;
import org.gistsweep.orchestrator.ablation.AblationTable.Kind;

/** The caption: every convention of a table in words (value, std, Avg, n per cell, exclusions). */
final class Caption {
  private Caption() {}

  static String of(AblationTable t, boolean vtab, boolean noSeed) {
    List<String> s = new ArrayList<>();
    s.add(
        "Study "
            + t.study()
            + ": "
            + t.metric()
            + " ("
            + t.direction()
            + "), "
            + (t.value() == ValueKind.BEST
                ? "the best epoch's value (value=best)"
                : "the last recorded epoch's value (value=last)")
            + " of each COMPLETE trial"
            + (t.percent() ? ", in % (×100)" : "")
            + ".");
    IntSummaryStatistics n =
        t.lines().stream()
            .filter(l -> l.kind() == Kind.ROW)
            .flatMap(l -> l.cells().values().stream())
            .mapToInt(Cell::n)
            .summaryStatistics();
    String perCell =
        n.getCount() == 0
            ? "no cells"
            : n.getMin() == n.getMax()
                ? "n = " + n.getMin() + " per cell"
                : "n = " + n.getMin() + " to " + n.getMax() + " per cell (unequal)";
    String over =
        t.over() != null
            ? "over " + t.over()
            : noSeed
                ? "of trials with identical parameters (the study has no seed parameter)"
                : "of trials with identical parameters";
    s.add(
        "Cells: mean ± sample std (n−1 denominator) "
            + over
            + "; "
            + perCell
            + (n.getMin() == 1 ? "; std is \"-\" where n = 1" : "")
            + ".");
    if (t.paired()) {
      String first = t.by() + "=" + t.levels().get(0);
      String second = t.by() + "=" + t.levels().get(1);
      int pairs = t.overall() == null ? 0 : t.overall().n();
      s.add(
          "Δ = "
              + first
              + " − "
              + second
              + ", paired over trials that agree on every other parameter"
              + (t.over() != null ? " (" + t.over() + " included)" : "")
              + ": mean of the "
              + pairs
              + " pair differences"
              + (t.lines().size() > 1 ? " (per row, and overall)" : "")
              + ", 95% CI mean ± t(0.975, n−1)·sd/√n (Student's t), two-sided paired t-test p.");
    } else {
      int count = t.levels().size();
      s.add(
          "No paired difference: "
              + t.by()
              + " has "
              + count
              + (count == 1 ? " level" : " levels; ask for two with levels=a,b")
              + ".");
    }
    if (vtab) {
      s.add(
          "VTAB-1K group lines: the mean of the group's task means, shown only when every task of"
              + " the group has a value; "
              + (t.avg() == AvgKind.GROUPS
                  ? "Avg: the mean of the three group means (avg=groups)"
                  : "Avg: the mean of the tasks (avg=tasks)")
              + (t.paired() ? "; their Δ is the difference of the means." : "."));
    }
    s.add(
        t.excluded().isEmpty()
            ? "No trial excluded."
            : "Excluded, never averaged: "
                + t.excluded().entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey())
                    .collect(Collectors.joining(", "))
                + ".");
    if (!t.unpaired().isEmpty()) {
      s.add(
          t.unpaired().size()
              + (t.unpaired().size() == 1 ? " trial" : " trials")
              + " without a partner, in no Δ: "
              + t.unpaired().stream()
                  .map(
                      u ->
                          "#"
                              + u.trial()
                              + " ("
                              + u.params().entrySet().stream()
                                  .map(e -> e.getKey() + "=" + e.getValue())
                                  .collect(Collectors.joining(", "))
                              + ")")
                  .collect(Collectors.joining(", "))
              + ".");
    }
    return String.join(" ", s);
  }
}
