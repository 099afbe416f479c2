package org.gistsweep.orchestrator.ablation;

import java.util.ArrayList;
import java.util.List;

/** A GitHub Markdown table, then its caption as a paragraph. */
final class AblationMarkdown {
  private AblationMarkdown() {}

  static String render(AblationTable t) {
    Grid g = Grid.of(t);
    StringBuilder out = new StringBuilder();
    row(out, g.header);
    out.append("|---");
    for (int i = 1; i < g.header.size(); i++) {
      out.append(i == t.levels().size() + 2 ? "|:-:" : "|--:");
    }
    out.append("|\n");
    for (int i = 0; i < g.rows.size(); i++) {
      List<String> r = g.rows.get(i);
      if (i >= g.firstSummary) {
        r = new ArrayList<>(r);
        r.set(0, "**" + r.get(0) + "**");
      }
      row(out, r);
    }
    out.append('\n').append(escape(t.caption())).append('\n');
    return out.toString();
  }

  private static void row(StringBuilder out, List<String> cells) {
    for (String c : cells) {
      out.append("| ").append(escape(c)).append(' ');
    }
    out.append("|\n");
  }

  /** Keeps user strings (labels, levels) from breaking the table or turning into markup. */
  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("\n", " ");
  }
}
