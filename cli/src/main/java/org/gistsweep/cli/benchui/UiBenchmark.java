package org.gistsweep.cli.benchui;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Opens each console view of a study in headless Chromium and reads what the page reports: the
 * first complete drawing after navigation ({@code data-render-ms}, from the navigation's start),
 * and, for live updates, the time from an event's arrival to the end of its drawing ({@code
 * data-repaint-ms}) for reported values sent one at a time.
 */
final class UiBenchmark {
  /** One view's figures; NaN where not measured or timed out. */
  record Row(String view, double firstRenderMs, double repaintMs, int updates) {}

  static final List<String> VIEWS = List.of("leaderboard", "history", "curves", "parallel", "importance", "slices", "pareto", "timeline", "ablation", "compare");
  private static final Duration LIMIT = Duration.ofSeconds(180);

  private final HeadlessChromium browser;
  private final UiStudy study;
  private final String base;
  private final int updates;

  UiBenchmark(HeadlessChromium browser, UiStudy study, String base, int updates) {
    this.browser = browser;
    this.study = study;
    this.base = base;
    this.updates = updates;
  }

  List<Row> run() throws IOException, InterruptedException {
    List<Row> rows = new ArrayList<>();
    rows.add(measure("studies (/)", "/", false));
    for (String view : VIEWS) {
      rows.add(measure(view, "/studies/" + study.id + "/" + view, true));
    }
    rows.add(measure("trial", "/studies/" + study.id + "/trials/0", false));
    return rows;
  }

  private Row measure(String name, String path, boolean live) throws IOException, InterruptedException {
    browser.open(base + path);
    if (!browser.until(LIMIT, () -> browser.data("renderMs") != null)) {
      return new Row(name, Double.NaN, Double.NaN, 0);
    }
    double first = Double.parseDouble(browser.data("renderMs"));
    if (!live) {
      return new Row(name, first, Double.NaN, 0);
    }
    int trial = study.trial(3, false);
    waitPast(version());
    double[] repaints = new double[updates];
    for (int i = 0; i < updates; i++) {
      long before = version();
      study.report(trial, i + 1, 0.5 + i * 0.01);
      if (!waitPast(before)) {
        return new Row(name, first, Double.NaN, i);
      }
      repaints[i] = Double.parseDouble(browser.data("repaintMs"));
    }
    Arrays.sort(repaints);
    return new Row(name, first, repaints[updates / 2], updates);
  }

  private long version() {
    String v = browser.data("version");
    return v == null ? 0 : Long.parseLong(v);
  }

  private boolean waitPast(long version) {
    return browser.until(LIMIT, () -> version() > version);
  }
}
