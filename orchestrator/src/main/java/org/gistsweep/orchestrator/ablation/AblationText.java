package org.gistsweep.orchestrator.ablation;

import java.util.ArrayList;
import java.util.List;

/**
 * The aligned text table {@code gist-sweep report} prints by default: a title, the table (label,
 * one column per level, then Δ, CI, p and pairs), summary lines under a rule, and the caption
 * wrapped at 100 columns.
 */
final class AblationText {
  private static final int WIDTH = 100;

  private AblationText() {}

  static String render(AblationTable t) {
    Grid g = Grid.of(t);
    int columns = g.header.size();
    int[] widths = new int[columns];
    List<List<String>> all = new ArrayList<>();
    all.add(g.header);
    all.addAll(g.rows);
    for (List<String> r : all) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("Study ")
        .append(t.study())
        .append(": ")
        .append(t.metric())
        .append(" by ")
        .append(t.by())
        .append(t.percent() ? " (values in %)" : "")
        .append("\n\n");
    String header = line(g.header, widths);
    out.append(header).append('\n').append("-".repeat(header.length())).append('\n');
    for (int i = 0; i < g.rows.size(); i++) {
      if (i == g.firstSummary) {
        out.append("-".repeat(header.length())).append('\n');
      }
      out.append(line(g.rows.get(i), widths)).append('\n');
    }
    out.append('\n').append(wrap(t.caption())).append('\n');
    return out.toString();
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      if (i == 0) {
        s.append(c).append(" ".repeat(widths[0] - c.length()));
      } else {
        s.append("  ").append(" ".repeat(widths[i] - c.length())).append(c);
      }
    }
    return s.toString().stripTrailing();
  }

  private static String wrap(String text) {
    StringBuilder out = new StringBuilder();
    int col = 0;
    for (String word : text.split(" ")) {
      if (col > 0 && col + 1 + word.length() > WIDTH) {
        out.append('\n');
        col = 0;
      } else if (col > 0) {
        out.append(' ');
        col++;
      }
      out.append(word);
      col += word.length();
    }
    return out.toString();
  }
}
