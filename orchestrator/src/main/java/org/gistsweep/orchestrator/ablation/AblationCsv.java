package org.gistsweep.orchestrator.ablation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.gistsweep.orchestrator.ablation.AblationTable.Line;

/**
 * One line per cell: {@code kind=cell}, the row, its VTAB-1K group, the level of {@code by}, mean,
 * std (sample, empty when n = 1), n and the trial numbers. Then, as {@code kind=group} / {@code
 * avg}, the VTAB-1K summary means (n = tasks or groups averaged), and as {@code kind=difference}
 * the paired difference of each row and of all pairs (level {@code first-second}, with the 95% CI,
 * t and p). Values are raw (not ×100), at full precision.
 */
final class AblationCsv {
  private AblationCsv() {}

  static String render(AblationTable t) {
    StringBuilder out = new StringBuilder();
    out.append(
        Csv.line(
            List.of(
                "kind",
                t.rows() != null ? t.rows() : "configuration",
                "group",
                t.by(),
                "mean",
                "std",
                "n",
                "ci_low",
                "ci_high",
                "t",
                "p",
                "trials")));
    for (Line l : t.lines()) {
      String kind =
          l.kind() == AblationTable.Kind.ROW ? "cell" : l.kind().name().toLowerCase(Locale.ROOT);
      l.cells()
          .forEach(
              (level, c) ->
                  out.append(
                      Csv.line(
                          List.of(
                              kind,
                              Csv.text(l.label()),
                              Csv.text(l.group()),
                              Csv.text(level),
                              Csv.number(c.mean()),
                              Csv.number(c.std()),
                              Integer.toString(c.n()),
                              "",
                              "",
                              "",
                              "",
                              c.trials().stream()
                                  .map(String::valueOf)
                                  .collect(Collectors.joining(" "))))));
    }
    if (t.paired()) {
      String levels = Csv.text(t.levels().get(0) + "-" + t.levels().get(1));
      for (Line l : t.lines()) {
        if (l.difference() != null) {
          out.append(difference(Csv.text(l.label()), Csv.text(l.group()), levels, l.difference()));
        }
      }
      if (t.overall() != null) {
        out.append(difference("all pairs", "", levels, t.overall()));
      }
    }
    return out.toString();
  }

  private static String difference(String row, String group, String levels, Difference d) {
    List<String> f =
        new ArrayList<>(
            List.of(
                "difference",
                row,
                group,
                levels,
                Csv.number(d.mean()),
                Csv.number(d.std()),
                Integer.toString(d.n()),
                Csv.number(d.ciLow()),
                Csv.number(d.ciHigh()),
                Csv.number(d.t()),
                Csv.number(d.p()),
                ""));
    return Csv.line(f);
  }
}
