package org.gistsweep.cli.benchui;

import java.io.File;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * bench-ui's run: fill the study, measure each view, print the table with the targets beside it.
 */
public final class UiBench {
  /** Targets of the console at 10,000 trials on 2 cores (printed, not enforced). */
  static final double FIRST_RENDER_TARGET_MS = 1000;

  static final double REPAINT_TARGET_MS = 100;

  private UiBench() {}

  /**
   * Makes a {@code trials}-trial study on the server at {@code base}, then times every view.
   *
   * @param base the server's origin, e.g. {@code http://127.0.0.1:8080}
   */
  public static void run(
      PrintStream out,
      String base,
      int trials,
      int steps,
      int updates,
      int clients,
      File chromium,
      File chromedriver,
      List<String> views)
      throws Exception {
    UiStudy study = UiStudy.create(base);
    long start = System.nanoTime();
    study.fill(trials, steps, clients);
    out.printf(
        Locale.ROOT,
        "Study %s: %,d trials (%d reported values each, every 4th pruned, every 100th failed, 2"
            + " objectives) made through ask/tell in %.1f s%n",
        study.id,
        trials,
        steps,
        (System.nanoTime() - start) / 1e9);
    try (HeadlessChromium browser = new HeadlessChromium(chromium, chromedriver)) {
      out.printf(
          Locale.ROOT,
          "Headless Chromium %s, %d CPU cores; %s/studies/%s%n%n",
          browser.version(),
          Runtime.getRuntime().availableProcessors(),
          base,
          study.id);
      out.printf(
          Locale.ROOT,
          "%-14s %16s %7s %15s %22s%n",
          "view",
          "first render ms",
          "(worst)",
          "(snapshot ms)",
          "live repaint ms (p50)");
      new UiBenchmark(browser, study, base, updates, views)
          .run(
              r ->
                  out.printf(
                      Locale.ROOT,
                      "%-14s %10s %-5s %7s%-1s %15s %16s %-5s%n",
                      r.view(),
                      ms(r.firstRenderMs()),
                      mark(r.firstRenderMs(), FIRST_RENDER_TARGET_MS),
                      ms(r.worstFirstRenderMs()),
                      mark(r.worstFirstRenderMs(), FIRST_RENDER_TARGET_MS),
                      ms(r.snapshotMs()),
                      ms(r.repaintMs()),
                      mark(r.repaintMs(), REPAINT_TARGET_MS)));
      out.printf(
          Locale.ROOT,
          "%nTargets: first render <= %.0f ms, live repaint <= %.0f ms (2 cores, 10,000 trials); *"
              + " marks a figure over its target. First render counts from the navigation's start"
              + " to the end of the first complete drawing (page, ECharts, the %,d-trial snapshot),"
              + " median and slowest of %d navigations after one untimed visit (importance's"
              + " slowest is the one whose request computed it, the others were answered from the"
              + " server's cache); (snapshot ms) is when the snapshot of every trial was applied,"
              + " part of the first render; a repaint from the arrival of a trial's finish (tell)"
              + " to the end of its drawing (p50 of %d). Importance's first render waits for the"
              + " server's random forest and SHAP (given up after 90 s: -).%n",
          FIRST_RENDER_TARGET_MS,
          REPAINT_TARGET_MS,
          trials,
          UiBenchmark.RENDERS,
          updates);
    }
  }

  /**
   * The views to measure, in the benchmark's order: all of them for null or an empty list.
   *
   * @throws IllegalArgumentException naming an unknown view and the known ones
   */
  public static List<String> views(List<String> asked) {
    if (asked == null || asked.isEmpty()) {
      return UiBenchmark.ALL;
    }
    for (String v : asked) {
      if (!UiBenchmark.ALL.contains(v.trim())) {
        throw new IllegalArgumentException(
            "--views: no view named '"
                + v
                + "'; choose from "
                + String.join(", ", UiBenchmark.ALL));
      }
    }
    return UiBenchmark.ALL.stream()
        .filter(v -> asked.stream().anyMatch(a -> a.trim().equals(v)))
        .toList();
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
  }

  private static String mark(double v, double target) {
    return Double.isNaN(v) ? "" : v > target ? "*" : "";
  }
}
