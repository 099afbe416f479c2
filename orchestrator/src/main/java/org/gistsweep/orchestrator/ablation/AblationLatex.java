package org.gistsweep.orchestrator.ablation;

import java.util.ArrayList;
import java.util.List;
import org.gistsweep.orchestrator.ablation.AblationTable.Kind;
import org.gistsweep.orchestrator.ablation.AblationTable.Line;

/**
 * A {@code booktabs} tabular in a {@code table} float with the caption: mean$\pm$std per cell, the
 * best entry of each line (by the study's direction) in bold, then Δ, its CI, p and the pairs.
 * Needs the booktabs package.
 */
final class AblationLatex {
  private AblationLatex() {}

  static String render(AblationTable t) {
    Numbers f = new Numbers(t);
    StringBuilder out = new StringBuilder();
    out.append("% Ablation table of study ")
        .append(oneLine(t.study()))
        .append(" (gist-sweep); needs \\usepackage{booktabs}\n");
    out.append("\\begin{table}[t]\n\\centering\n");
    out.append("\\caption{").append(escape(t.caption())).append("}\n");
    out.append("\\begin{tabular}{l")
        .append("r".repeat(t.levels().size()))
        .append(t.paired() ? "rcrr" : "")
        .append("}\n\\toprule\n");
    List<String> header = new ArrayList<>();
    header.add(escape(t.rows() != null ? t.rows() : "configuration"));
    t.levels().forEach(level -> header.add(escape(t.by() + "=" + level)));
    if (t.paired()) {
      header.addAll(List.of("$\\Delta$", "95\\% CI", "$p$", "pairs"));
    }
    out.append(String.join(" & ", header)).append(" \\\\\n\\midrule\n");
    boolean summary = false;
    for (Line l : t.lines()) {
      if (l.kind() != Kind.ROW && !summary) {
        out.append("\\midrule\n");
        summary = true;
      }
      List<String> row = new ArrayList<>();
      row.add(escape(l.label()));
      String best = best(t, l);
      for (String level : t.levels()) {
        Cell c = l.cells().get(level);
        String s =
            c == null
                ? "--"
                : l.kind() != Kind.ROW || Double.isNaN(c.std())
                    ? f.value(c.mean())
                    : f.value(c.mean()) + "$\\pm$" + f.value(c.std());
        row.add(level.equals(best) ? "\\textbf{" + s + "}" : s);
      }
      if (t.paired()) {
        difference(row, l.difference(), l.kind() == Kind.ROW, f);
      }
      out.append(String.join(" & ", row)).append(" \\\\\n");
    }
    if (t.paired()) {
      out.append("\\midrule\n");
      List<String> row = new ArrayList<>();
      row.add("All pairs");
      t.levels().forEach(level -> row.add(""));
      difference(row, t.overall(), true, f);
      out.append(String.join(" & ", row)).append(" \\\\\n");
    }
    out.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n");
    return out.toString();
  }

  /**
   * The level of the best mean on the line (largest when maximising), or null for fewer than two.
   */
  private static String best(AblationTable t, Line l) {
    if (l.cells().size() < 2) {
      return null;
    }
    String best = null;
    for (var e : l.cells().entrySet()) {
      double m = e.getValue().mean();
      if (best == null
          || (t.maximize() ? m > l.cells().get(best).mean() : m < l.cells().get(best).mean())) {
        best = e.getKey();
      }
    }
    return best;
  }

  private static void difference(List<String> row, Difference d, boolean pairedRow, Numbers f) {
    row.add(d == null ? "--" : math(f.signed(d.mean())));
    row.add(
        pairedRow && d != null && d.hasInterval() ? math(f.interval(d)) : pairedRow ? "--" : "");
    row.add(pairedRow ? math(Numbers.p(d)) : "");
    row.add(pairedRow ? (d == null ? "0" : Integer.toString(d.n())) : "");
  }

  private static String math(String s) {
    return s.equals("-") ? "--" : "$" + s + "$";
  }

  private static String oneLine(String s) {
    return s.replace('\n', ' ').replace('\r', ' ');
  }

  /** LaTeX-safe text: the ten special characters escaped, the caption's symbols as math. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder();
    String text = oneLine(s).replace("√n", "√");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\textbackslash{}");
        case '&', '%', '$', '#', '_', '{', '}' -> out.append('\\').append(c);
        case '~' -> out.append("\\textasciitilde{}");
        case '^' -> out.append("\\textasciicircum{}");
        case '<' -> out.append("\\textless{}");
        case '>' -> out.append("\\textgreater{}");
        case '±' -> out.append("$\\pm$");
        case '−' -> out.append("$-$");
        case 'Δ' -> out.append("$\\Delta$");
        case '√' -> out.append("$\\sqrt{n}$");
        case '·' -> out.append("$\\cdot$");
        case '×' -> out.append("$\\times$");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
