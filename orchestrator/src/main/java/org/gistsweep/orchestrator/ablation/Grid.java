package org.gistsweep.orchestrator.ablation;

import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import org.gistsweep.orchestrator.ablation.AblationTable.Kind;
import org.gistsweep.orchestrator.ablation.AblationTable.Line;

/**
 * The table as strings, shared by the text and Markdown renderings: a header, one row per line and,
 * with two levels, an "All pairs" row. Columns: the label, one per level ("mean ± std", with "(n)"
 * when n differs between cells), then Δ, its 95% CI, p and the number of pairs.
 */
final class Grid {
  final List<String> header = new ArrayList<>();
  final List<List<String>> rows = new ArrayList<>();

  /**
   * Index in {@link #rows} of the first summary row (VTAB groups or All pairs); rows.size() if
   * none.
   */
  int firstSummary;

  private Grid() {}

  static Grid of(AblationTable t) {
    Numbers f = new Numbers(t);
    IntSummaryStatistics n =
        t.lines().stream()
            .filter(l -> l.kind() == Kind.ROW)
            .flatMap(l -> l.cells().values().stream())
            .mapToInt(Cell::n)
            .summaryStatistics();
    boolean showN = n.getCount() > 0 && n.getMin() != n.getMax();
    Grid g = new Grid();
    g.header.add(t.rows() != null ? t.rows() : "configuration");
    t.levels().forEach(level -> g.header.add(t.by() + "=" + level));
    if (t.paired()) {
      g.header.addAll(
          List.of(
              "Δ (" + t.levels().get(0) + " − " + t.levels().get(1) + ")", "95% CI", "p", "pairs"));
    }
    g.firstSummary = -1;
    for (Line l : t.lines()) {
      if (l.kind() != Kind.ROW && g.firstSummary < 0) {
        g.firstSummary = g.rows.size();
      }
      List<String> row = new ArrayList<>();
      row.add(l.label());
      for (String level : t.levels()) {
        Cell c = l.cells().get(level);
        row.add(
            c == null
                ? "-"
                : l.kind() != Kind.ROW
                    ? f.value(c.mean())
                    : f.value(c.mean())
                        + " ± "
                        + f.value(c.std())
                        + (showN ? " (" + c.n() + ")" : ""));
      }
      if (t.paired()) {
        addDifference(row, l.difference(), l.kind() == Kind.ROW, f);
      }
      g.rows.add(row);
    }
    if (t.paired()) {
      if (g.firstSummary < 0) {
        g.firstSummary = g.rows.size();
      }
      List<String> row = new ArrayList<>();
      row.add("All pairs");
      t.levels().forEach(level -> row.add(""));
      addDifference(row, t.overall(), true, f);
      g.rows.add(row);
    }
    if (g.firstSummary < 0) {
      g.firstSummary = g.rows.size();
    }
    return g;
  }

  private static void addDifference(List<String> row, Difference d, boolean pairedRow, Numbers f) {
    row.add(d == null ? "-" : f.signed(d.mean()));
    row.add(pairedRow ? f.interval(d) : "");
    row.add(pairedRow ? Numbers.p(d) : "");
    row.add(pairedRow ? (d == null ? "0" : Integer.toString(d.n())) : "");
  }
}
