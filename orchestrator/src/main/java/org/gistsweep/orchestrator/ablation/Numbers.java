package org.gistsweep.orchestrator.ablation;

import java.util.Locale;

/**
 * How the text renderings (text, Markdown, LaTeX) write numbers: ×100 with 2 decimals for
 * accuracies.
 */
final class Numbers {
  private final boolean percent;

  Numbers(AblationTable table) {
    this.percent = table.percent();
  }

  String value(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, percent ? "%.2f" : "%.4f", scale(v));
  }

  String signed(double v) {
    return Double.isNaN(v)
        ? "-"
        : String.format(Locale.ROOT, percent ? "%+.2f" : "%+.4f", scale(v));
  }

  String interval(Difference d) {
    return d == null || !d.hasInterval()
        ? "-"
        : "[" + signed(d.ciLow()) + ", " + signed(d.ciHigh()) + "]";
  }

  static String p(Difference d) {
    if (d == null || Double.isNaN(d.p())) {
      return "-";
    }
    return d.p() < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", d.p());
  }

  private double scale(double v) {
    return percent ? 100 * v : v;
  }
}
