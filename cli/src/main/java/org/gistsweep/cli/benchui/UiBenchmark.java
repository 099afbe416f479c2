package org.gistsweep.cli.benchui;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Opens each console view of a study in headless Chromium and reads what the page reports: the
 * first complete drawing after navigation ({@code data-render-ms}, from the navigation's start),
 * and, for live updates, the time from an event's arrival to the end of its drawing ({@code
 * data-repaint-ms}) when a trial that reported a value is told (finished): a change every view
 * shows.
 */
final class UiBenchmark {
  /**
   * One view's figures; NaN where not measured or timed out.
   *
   * @param firstRenderMs median over {@link #RENDERS} navigations
   * @param worstFirstRenderMs the slowest of them (for importance, the one that computed it)
   * @param snapshotMs of that, until the study's snapshot was applied (median; NaN on the study
   *     list)
   * @param repaintMs median over the live updates
   */
  record Row(
      String view,
      double firstRenderMs,
      double worstFirstRenderMs,
      double snapshotMs,
      double repaintMs,
      int updates) {}

  /** Navigations per view whose first render is timed; the median is reported. */
  static final int RENDERS = 3;

  /** The console's User Timing measure from navigation to the view's first complete drawing. */
  private static final String FIRST_RENDER = "gist:first-render";

  /**
   * Importance last: each of its fetches keeps the server's CPU busy for a while after the page is
   * left.
   */
  static final List<String> VIEWS =
      List.of(
          "leaderboard",
          "history",
          "curves",
          "parallel",
          "slices",
          "pareto",
          "timeline",
          "ablation",
          "compare");

  private static final Duration LIMIT = Duration.ofSeconds(180);

  /** Importance waits for the server's random forest and SHAP over every COMPLETE trial. */
  private static final Duration IMPORTANCE_LIMIT = Duration.ofSeconds(90);

  private final HeadlessChromium browser;
  private final UiStudy study;
  private final String base;
  private final int updates;
  private final List<String> chosen;

  /** Every view bench-ui can measure, in the order it measures them. */
  static final List<String> ALL =
      Stream.concat(
              Stream.concat(Stream.of("studies"), VIEWS.stream()), Stream.of("trial", "importance"))
          .toList();

  UiBenchmark(
      HeadlessChromium browser, UiStudy study, String base, int updates, List<String> chosen) {
    this.chosen = chosen;
    this.browser = browser;
    this.study = study;
    this.base = base;
    this.updates = updates;
  }

  /** Measures every view, handing each row to {@code sink} as soon as it is known. */
  List<Row> run(Consumer<Row> sink) throws IOException, InterruptedException {
    // one untimed visit: Chromium's first page and the server's first snapshot are not a view's
    // cost
    browser.open(base + "/studies/" + study.id + "/leaderboard");
    browser.until(LIMIT, () -> browser.measure(FIRST_RENDER) != null);
    List<Row> rows = new ArrayList<>();
    Consumer<Row> add =
        r -> {
          rows.add(r);
          sink.accept(r);
        };
    if (chosen.contains("studies")) {
      add.accept(measure("studies (/)", "/", false));
    }
    for (String view : VIEWS) {
      if (chosen.contains(view)) {
        add.accept(measure(view, "/studies/" + study.id + "/" + view, true));
      }
    }
    if (chosen.contains("trial")) {
      add.accept(measure("trial", "/studies/" + study.id + "/trials/0", false));
    }
    if (chosen.contains("importance")) {
      add.accept(measure("importance", "/studies/" + study.id + "/importance", true));
    }
    return rows;
  }

  private Row measure(String name, String path, boolean live)
      throws IOException, InterruptedException {
    double[] firsts = new double[RENDERS];
    double[] snapshots = new double[RENDERS];
    for (int k = 0; k < RENDERS; k++) {
      browser.open(base + path);
      if (!browser.until(
          name.equals("importance") ? IMPORTANCE_LIMIT : LIMIT,
          () -> browser.measure(FIRST_RENDER) != null)) {
        return new Row(name, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
      }
      firsts[k] = browser.measure(FIRST_RENDER);
      Double snapshot = browser.mark("gist:snapshot");
      snapshots[k] = snapshot == null ? Double.NaN : snapshot;
    }
    double first = median(firsts);
    double worst = Arrays.stream(firsts).max().orElse(Double.NaN);
    double snapshot = median(snapshots);
    if (!live) {
      return new Row(name, first, worst, snapshot, Double.NaN, 0);
    }
    double[] repaints = new double[updates];
    for (int i = 0; i < updates; i++) {
      long asked = version();
      int trial = study.trial(3, false);
      waitPast(asked);
      long reported = version();
      study.report(trial, 1, 0.5 + i * 0.01);
      waitPast(reported);
      long told = version();
      study.tell(trial, 0.6 + i * 0.01, 2.0 + i);
      if (!waitPast(told)) {
        return new Row(name, first, worst, snapshot, Double.NaN, i);
      }
      Double repaint = browser.measure("gist:repaint");
      repaints[i] = repaint == null ? Double.NaN : repaint;
    }
    return new Row(name, first, worst, snapshot, median(repaints), updates);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private long version() {
    String v = browser.data("version");
    return v == null ? 0 : Long.parseLong(v);
  }

  private boolean waitPast(long version) {
    return browser.until(LIMIT, () -> version() > version);
  }
}
