package org.gistsweep.orchestrator.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.data.Offset;
import org.gistsweep.testsupport.RequiresTool;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Tool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's headless Chromium): every view draws the API's data,
 * brushing filters the leaderboard, events arrive without a reload, a dropped connection resumes
 * without a gap or a duplicate, user strings stay text (tooltips hovered with the real mouse),
 * exports are the API's bytes. Brushing and hovering are real pointer actions at the pixels where
 * ECharts puts the data. One browser and one server for the class; screenshots go to
 * target/console-screenshots.
 */
@RequiresTool(Tool.CHROMIUM)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag(Tier.BROWSER)
class ConsoleBrowserTest {
  static final Path SHOTS = Path.of("target", "console-screenshots");
  static final List<String> VIEWS =
      List.of(
          "leaderboard",
          "history",
          "curves",
          "parallel",
          "importance",
          "slices",
          "pareto",
          "timeline",
          "ablation",
          "compare");

  ConsoleServer server;
  Browser browser;
  String known;
  String pareto;
  String hostile;
  String workers;
  String growing;

  @BeforeAll
  void start() throws Exception {
    server = new ConsoleServer();
    known = ConsoleStudies.knownStudy(server);
    pareto = ConsoleStudies.paretoStudy(server);
    hostile = ConsoleStudies.hostileAskTell(server);
    workers = ConsoleStudies.workerSweep(server);
    growing = ConsoleStudies.emptyStudy(server);
    browser = new Browser(Files.createDirectories(Path.of("target", "console-downloads")));
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Opens a page and waits until it has drawn the study's snapshot. */
  void open(String path) {
    browser.open(server.url(path));
    browser.drawn(1);
  }

  JsonNode trials(String id) throws Exception {
    return server.get("/api/studies/" + id + "/trials").get("trials");
  }

  /** Numbers of a series' points as doubles, so 1 and 1.0 compare equal. */
  static List<List<Double>> points(JsonNode data) {
    List<List<Double>> out = new ArrayList<>();
    for (JsonNode p : data) {
      List<Double> row = new ArrayList<>();
      p.forEach(v -> row.add(v.isNumber() ? v.asDouble() : Double.NaN));
      out.add(row);
    }
    return out;
  }

  static JsonNode seriesData(JsonNode series, String id) {
    for (JsonNode s : series) {
      if (id.equals(s.get("id").asText())) {
        return s.get("data");
      }
    }
    throw new AssertionError("no series " + id + " in " + series);
  }

  /**
   * History's plotted data as the API gives it: [number, value] by state, and the best so far's
   * steps.
   */
  static Map<String, List<List<Double>>> expectedHistory(JsonNode trials) {
    Map<String, List<List<Double>>> out =
        new TreeMap<>(
            Map.of(
                "complete",
                new ArrayList<>(),
                "pruned",
                new ArrayList<>(),
                "best",
                new ArrayList<>()));
    double best = Double.NEGATIVE_INFINITY;
    List<List<Double>> bestSoFar = new ArrayList<>();
    for (JsonNode t : trials) {
      if (!t.get("value").isNumber()) {
        continue;
      }
      double v = t.get("value").asDouble();
      String state = t.get("state").asText();
      if (state.equals("COMPLETE")) {
        out.get("complete").add(List.of(t.get("number").asDouble(), v));
        best = Math.max(best, v);
        bestSoFar.add(List.of(t.get("number").asDouble(), best));
      } else if (state.equals("PRUNED")) {
        out.get("pruned").add(List.of(t.get("number").asDouble(), v));
      }
    }
    // the step line is drawn through its first point, each change and its last point
    for (int i = 0; i < bestSoFar.size(); i++) {
      if (i == 0
          || i == bestSoFar.size() - 1
          || !bestSoFar.get(i).get(1).equals(bestSoFar.get(i - 1).get(1))) {
        out.get("best").add(bestSoFar.get(i));
      }
    }
    return out;
  }

  Map<String, List<List<Double>>> plottedHistory() {
    JsonNode series = browser.series("history-chart");
    Map<String, List<List<Double>>> out = new TreeMap<>();
    for (String id : List.of("complete", "pruned", "best")) {
      out.put(id, points(seriesData(series, id)));
    }
    return out;
  }

  @Test
  void everyViewDrawsTheApisData() throws Exception {
    JsonNode trials = trials(known);
    open("/");
    browser.until(
        "the study list shows every study",
        () -> browser.driver.findElements(By.cssSelector("tr[data-study]")).size() == 5);
    browser.screenshot(SHOTS.resolve("studies.png"));

    open("/studies/" + known + "/leaderboard");
    assertThat(browser.driver.findElements(By.cssSelector("#rows tr"))).hasSize(trials.size());
    String best = server.get("/api/studies/" + known).get("best_trial").asText();
    assertThat(browser.driver.findElement(By.cssSelector("#rows tr")).getAttribute("data-trial"))
        .isEqualTo(best);
    browser.screenshot(SHOTS.resolve("leaderboard.png"));

    open("/studies/" + known + "/history");
    assertThat(plottedHistory()).isEqualTo(expectedHistory(trials));
    browser.screenshot(SHOTS.resolve("history.png"));

    open("/studies/" + known + "/curves");
    JsonNode curves = browser.json("return JSON.stringify(gistConsole.current.plotted())");
    Map<Integer, List<List<Double>>> plotted = new TreeMap<>();
    for (String id : List.of("running", "pruned")) {
      for (JsonNode line : curves.get(id)) {
        plotted.put(line.get("trial").asInt(), points(line.get("coords")));
      }
    }
    Map<Integer, List<List<Double>>> reported = new TreeMap<>();
    for (JsonNode t : trials) {
      List<List<Double>> steps = new ArrayList<>();
      t.get("intermediate_values")
          .fields()
          .forEachRemaining(
              e -> steps.add(List.of(Double.parseDouble(e.getKey()), e.getValue().asDouble())));
      if (!steps.isEmpty()) {
        reported.put(t.get("number").asInt(), steps);
      }
    }
    assertThat(plotted).isEqualTo(reported);
    int segments = reported.values().stream().mapToInt(c -> Math.max(1, c.size() - 1)).sum();
    assertThat(
            browser.js(
                "return"
                    + " echarts.getInstanceByDom(document.getElementById('curves-chart')).getModel().getSeries().filter(s"
                    + " => s.subType === 'lines').reduce((n, s) => n + s.getData().count() - 1,"
                    + " 0)"))
        .as("segments ECharts holds")
        .isEqualTo((long) segments);
    browser.screenshot(SHOTS.resolve("curves.png"));

    open("/studies/" + known + "/parallel");
    List<List<Double>> rows = new ArrayList<>();
    List<Integer> numbers = new ArrayList<>();
    for (JsonNode t : trials) {
      if (t.get("value").isNumber()
          && List.of("COMPLETE", "PRUNED").contains(t.get("state").asText())) {
        JsonNode p = t.get("params");
        rows.add(
            List.of(
                p.get("x").asDouble(),
                p.get("gist").asBoolean() ? 0.0 : 1.0,
                p.get("lr").asDouble(),
                p.get("seed").asDouble(),
                t.get("value").asDouble()));
        numbers.add(t.get("number").asInt());
      }
    }
    JsonNode parallel = browser.json("return JSON.stringify(gistConsole.current.plotted())");
    List<List<Double>> drawnRows = new ArrayList<>();
    for (JsonNode r : parallel.get("rows")) {
      drawnRows.add(
          List.of(
              r.get(0).asDouble(),
              r.get(1).asText().equals("true") ? 0.0 : 1.0,
              r.get(2).asDouble(),
              r.get(3).asDouble(),
              r.get(4).asDouble()));
    }
    assertThat(drawnRows).isEqualTo(rows);
    List<Integer> drawnNumbers = new ArrayList<>();
    parallel.get("numbers").forEach(n -> drawnNumbers.add(n.asInt()));
    assertThat(drawnNumbers).isEqualTo(numbers);
    // every line passes through the pixel where ECharts' own parallel axis puts the row's value
    JsonNode placement =
        browser.json(
            "const c = echarts.getInstanceByDom(document.getElementById('parallel-chart')); const"
                + " sys = c.getModel().getComponent('parallel').coordinateSystem; const v ="
                + " gistConsole.current.plotted(); const off = []; let points = 0; const lines ="
                + " c.getModel().getSeries().filter(s => s.subType === 'lines').reduce((n, s) => n"
                + " + s.getData().count() - 1, 0); v.rows.forEach((row, k) =>"
                + " v.positions[k].forEach(([axis, y]) => { points++;   const a ="
                + " sys.dataToPoint(row[axis], 'dim' + axis); const b ="
                + " c.convertToPixel({gridIndex: 0}, [axis, y]);   if (!(Math.hypot(a[0] - b[0],"
                + " a[1] - b[1]) <= 0.5)) off.push([k, axis, a, b]); })); return"
                + " JSON.stringify({off, points, lines});");
    assertThat(placement.get("off")).as("points off their axes").isEmpty();
    assertThat(placement.get("points").asInt()).isEqualTo(rows.size() * 5);
    assertThat(placement.get("lines").asInt())
        .as("segments ECharts holds")
        .isEqualTo(rows.size() * 4);
    browser.screenshot(SHOTS.resolve("parallel.png"));

    open("/studies/" + known + "/importance");
    browser.until("importance bars", () -> !browser.series("importance-chart").isNull());
    JsonNode importance = server.get("/api/studies/" + known + "/importance").get("importance");
    List<Map.Entry<String, Double>> bars = new ArrayList<>();
    importance
        .fields()
        .forEachRemaining(e -> bars.add(Map.entry(e.getKey(), e.getValue().asDouble())));
    bars.sort(Map.Entry.comparingByValue());
    assertThat(points(wrap(seriesData(browser.series("importance-chart"), "importance"))))
        .isEqualTo(bars.stream().map(e -> List.of(e.getValue())).toList());
    browser.screenshot(SHOTS.resolve("importance.png"));

    open("/studies/" + known + "/slices");
    JsonNode slices = browser.series("slices-chart");
    List<List<Double>> xs = new ArrayList<>();
    for (JsonNode t : trials) {
      if (t.get("state").asText().equals("COMPLETE")) {
        xs.add(
            List.of(
                t.get("params").get("x").asDouble(),
                t.get("value").asDouble(),
                t.get("number").asDouble()));
      }
    }
    assertThat(points(seriesData(slices, "slice-0"))).isEqualTo(xs);
    browser.screenshot(SHOTS.resolve("slices.png"));

    open("/studies/" + pareto + "/pareto");
    JsonNode front = server.get("/api/studies/" + pareto).get("pareto_front");
    JsonNode paretoTrials = trials(pareto);
    List<List<Double>> expectedFront = new ArrayList<>();
    front.forEach(
        n -> {
          JsonNode values = paretoTrials.get(n.asInt()).get("values");
          expectedFront.add(
              List.of(values.get(0).asDouble(), values.get(1).asDouble(), n.asDouble()));
        });
    expectedFront.sort(
        Comparator.<List<Double>, Double>comparing(p -> p.get(0)).thenComparing(p -> p.get(1)));
    assertThat(expectedFront).isNotEmpty();
    assertThat(points(seriesData(browser.series("pareto-chart"), "front")))
        .isEqualTo(expectedFront);
    browser.screenshot(SHOTS.resolve("pareto.png"));

    open("/studies/" + workers + "/timeline");
    JsonNode timeline = browser.json("return JSON.stringify(gistConsole.current.plotted())");
    Map<String, Integer> outcomes = new TreeMap<>();
    for (JsonNode t : trials(workers)) {
      for (JsonNode a : t.get("attempts")) {
        if (a.get("started_at").isTextual()) {
          outcomes.merge(a.get("outcome").asText(), 1, Integer::sum);
        }
      }
    }
    Map<String, Integer> bars2 = new TreeMap<>();
    timeline
        .get("bars")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().size() > 0) {
                bars2.put(e.getKey(), e.getValue().size());
              }
            });
    assertThat(bars2)
        .isEqualTo(outcomes)
        .containsKeys("COMPLETE", "PRUNED", "LEASE_EXPIRED", "FAILED");
    JsonNode held =
        browser.json(
            "const c = echarts.getInstanceByDom(document.getElementById('timeline-chart')); const"
                + " out = {}; c.getModel().getSeries().forEach(s => { if (s.getData().count() > 1)"
                + " out[s.id] = s.getData().count() - 1; }); return JSON.stringify(out);");
    Map<String, Integer> inChart = new TreeMap<>();
    held.fields().forEachRemaining(e -> inChart.put(e.getKey(), e.getValue().asInt()));
    assertThat(inChart).as("bars ECharts holds").isEqualTo(outcomes);
    browser.screenshot(SHOTS.resolve("timeline.png"));

    open("/studies/" + workers + "/trials/2");
    assertThat(browser.driver.findElements(By.cssSelector("#trial-attempts tbody tr"))).hasSize(2);
    assertThat(browser.driver.findElements(By.cssSelector("#trial-epochs tbody tr"))).hasSize(3);
    JsonNode losses = browser.series("trial-losses");
    assertThat(points(seriesData(losses, "train_loss"))).hasSize(3);
    browser.screenshot(SHOTS.resolve("trial.png"));

    openAblation();
    JsonNode table = server.get("/api/studies/" + known + "/ablation?rows=x&format=json");
    assertThat(browser.driver.findElement(By.id("ablation-caption")).getText())
        .isEqualTo(table.get("caption").asText());
    assertThat(browser.driver.findElements(By.cssSelector("#ablation-table tbody tr")))
        .hasSizeGreaterThanOrEqualTo(table.get("lines").size());
    browser.screenshot(SHOTS.resolve("ablation.png"));

    open("/studies/" + known + "/compare?with=" + pareto);
    browser.until("both studies overlaid", () -> browser.series("compare-chart").size() == 4);
    browser.screenshot(SHOTS.resolve("compare.png"));
  }

  private static JsonNode wrap(JsonNode values) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    values.forEach(v -> out.addArray().add(v));
    return out;
  }

  @Test
  void aTellAddsAPointWithoutAReload() throws Exception {
    open("/studies/" + known + "/history");
    browser.js("window.__sameDocument = true");
    int n = ConsoleStudies.addKnownTrial(server, known, "complete");
    browser.until(
        "trial " + n + " is drawn",
        () -> plottedHistory().get("complete").stream().anyMatch(p -> p.get(0) == n));
    assertThat(plottedHistory()).isEqualTo(expectedHistory(trials(known)));
    assertThat(
            browser.js("return window.__sameDocument === true && document.body.dataset.snapshots"))
        .isEqualTo("1");
  }

  /**
   * Views drawn as large-mode lines draw every line through live updates, from a study with no
   * trial when the view opens: each drawn path holds one finite segment per data item, and ECharts
   * holds exactly the segments of what the view plots (a redraw once read its lines from past the
   * end of the data and drew nothing, and a series never grew past its first size).
   */
  @Test
  void linesAreDrawnThroughLiveUpdates() throws Exception {
    Map<String, String> expected =
        Map.of(
            "parallel", "v.positions.reduce((k, p) => k + Math.max(0, p.length - 1), 0) + 9",
            "timeline", "Object.values(v.bars).reduce((k, b) => k + b.length, 0) + 5",
            "curves",
                "v.running.concat(v.pruned).reduce((k, c) => k + Math.max(1, c.coords.length - 1),"
                    + " 0) + 2");
    for (String view : List.of("parallel", "timeline", "curves")) {
      open("/studies/" + growing + "/" + view);
      for (int i = 0; i < 3; i++) {
        long before =
            Long.parseLong(String.valueOf(browser.js("return document.body.dataset.version")));
        int n = ConsoleStudies.addKnownTrial(server, growing, i == 1 ? "pruned" : "complete");
        // ask, the reports and the tell: each event drawn
        int events = i == 1 ? 4 : 5;
        browser.until(
            "trial " + n + "'s events are drawn on " + view,
            () ->
                Long.parseLong(String.valueOf(browser.js("return document.body.dataset.version")))
                    >= before + events);
        JsonNode drawn =
            browser.json(
                "const c = echarts.getInstanceByDom(document.querySelector('.chart')); const v ="
                    + " gistConsole.current.plotted(); const held ="
                    + " c.getModel().getSeries().filter(s => s.subType === 'lines').reduce((k, s)"
                    + " => k + s.getData().count(), 0); let finite = 0, all = 0;"
                    + " c.getZr().storage.getDisplayList().filter(e => e.shape &&"
                    + " e.shape.segs).forEach(e => {   for (let i = 0; i < e.shape.segs.length; i"
                    + " += 4) { all++; if ([0, 1, 2, 3].every(k => Number.isFinite(e.shape.segs[i +"
                    + " k]))) finite++; } }); return JSON.stringify({plotted: "
                    + expected.get(view)
                    + ", held, finite, all});");
        assertThat(drawn.get("held").asInt())
            .as(view + " after trial " + n + ": " + drawn)
            .isEqualTo(drawn.get("plotted").asInt());
        assertThat(drawn.get("all").asInt())
            .as(view + " after trial " + n + ": " + drawn)
            .isEqualTo(drawn.get("held").asInt());
        assertThat(drawn.get("finite").asInt())
            .as(view + " after trial " + n + ": " + drawn)
            .isEqualTo(drawn.get("all").asInt());
      }
    }
    // the views that hand ECharts points in typed arrays grow too
    Map<String, String> points =
        Map.of(
            "history",
            "gistConsole.store.list().filter(t => (t.state === 'COMPLETE' || t.state ==="
                + " 'PRUNED') && typeof t.value === 'number').length",
            "slices",
            "gistConsole.current.plotted().reduce((k, p) => k + p.length, 0)");
    for (String view : List.of("history", "slices")) {
      open("/studies/" + growing + "/" + view);
      long before =
          Long.parseLong(String.valueOf(browser.js("return document.body.dataset.version")));
      int n = ConsoleStudies.addKnownTrial(server, growing, "complete");
      browser.until(
          "trial " + n + "'s events are drawn on " + view,
          () ->
              Long.parseLong(String.valueOf(browser.js("return document.body.dataset.version")))
                  >= before + 5);
      JsonNode held =
          browser.json(
              "const c = echarts.getInstanceByDom(document.querySelector('.chart'));"
                  + " return JSON.stringify({plotted: "
                  + points.get(view)
                  + ", held: c.getModel().getSeries().filter(s => s.subType === 'scatter')"
                  + ".reduce((k, s) => k + s.getData().count(), 0)});");
      assertThat(held.get("held").asInt())
          .as(view + ": " + held)
          .isEqualTo(held.get("plotted").asInt())
          .isPositive();
    }
  }

  @Test
  void aDroppedConnectionResumesWithoutGapOrDuplicate() throws Exception {
    try (DropProxy proxy = new DropProxy(server.port)) {
      browser.open("http://127.0.0.1:" + proxy.port() + "/studies/" + known + "/history");
      browser.drawn(1);
      String before = (String) browser.js("return document.body.dataset.seq");
      proxy.drop();
      browser.until(
          "the page notices",
          () -> !"live".equals(browser.driver.findElement(By.id("status")).getText()));
      for (int i = 0; i < 3; i++) {
        ConsoleStudies.addKnownTrial(server, known, i == 1 ? "pruned" : "complete");
      }
      proxy.restore();
      JsonNode trials = trials(known);
      browser.until(
          "the missed trials are drawn", () -> plottedHistory().equals(expectedHistory(trials)));
      assertThat(
              browser.js(
                  "return [document.body.dataset.snapshots, document.body.dataset.gaps,"
                      + " document.body.dataset.duplicates].join()"))
          .isEqualTo("1,0,0");
      assertThat((String) browser.js("return document.body.dataset.seq")).isNotEqualTo(before);
    }
  }

  @Test
  void brushingFiltersTheLeaderboardAndTheSelectionSurvivesLiveUpdates() throws Exception {
    open("/studies/" + known + "/parallel");
    // a real drag along the objective's axis, from 0.8 to past its top
    String point =
        "return c.getModel().getComponent('parallel').coordinateSystem.dataToPoint(arguments[0],"
            + " 'dim4');";
    double[] from = browser.viewportPoint("parallel-chart", point, 0.8);
    double[] top =
        browser.viewportPoint(
            "parallel-chart",
            "const a = c.getModel().getComponent('parallelAxis', 4); return c.getModel()"
                + ".getComponent('parallel').coordinateSystem.dataToPoint(a.get('max'), 'dim4');");
    browser.drag(from, new double[] {top[0], top[1] - 15});
    JsonNode brushed =
        browser.json(
            "return"
                + " JSON.stringify(echarts.getInstanceByDom(document.getElementById('parallel-chart')).getModel().getComponent('parallelAxis',"
                + " 4).activeIntervals)");
    assertThat(brushed).as("intervals brushed on the objective's axis").hasSize(1);
    double lo = brushed.get(0).get(0).asDouble();
    double hi = brushed.get(0).get(1).asDouble();
    assertThat(lo).isCloseTo(0.8, Offset.offset(0.05));
    browser.until(
        "the brushed trials are drawn on top",
        () -> {
          try {
            List<Integer> drawn = new ArrayList<>();
            browser
                .json("return JSON.stringify(gistConsole.current.plotted().selected)")
                .forEach(n -> drawn.add(n.asInt()));
            return drawn.stream().sorted().toList().equals(selected(lo, hi));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    browser.driver.findElement(By.cssSelector("nav a[data-view=leaderboard]")).click();
    browser.until(
        "the leaderboard is filtered",
        () -> !browser.driver.findElements(By.cssSelector("#selection-note button")).isEmpty());
    assertThat(shownTrials()).isEqualTo(selected(lo, hi));
    int added;
    do {
      added = ConsoleStudies.addKnownTrial(server, known, "complete");
    } while (!selected(lo, hi).contains(added));
    int last = added;
    browser.until(
        "the new trial inside the selection is listed", () -> shownTrials().contains(last));
    assertThat(shownTrials()).isEqualTo(selected(lo, hi));
    browser.screenshot(SHOTS.resolve("leaderboard-brushed.png"));
  }

  /** The leaderboard's trials, read in one go (a live update may replace the rows meanwhile). */
  private List<Integer> shownTrials() {
    List<Integer> out = new ArrayList<>();
    browser
        .json(
            "return JSON.stringify(Array.from(document.querySelectorAll('#rows tr')).map(r =>"
                + " Number(r.dataset.trial)))")
        .forEach(n -> out.add(n.asInt()));
    return out.stream().sorted().toList();
  }

  private List<Integer> selected(double lo, double hi) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (JsonNode t : trials(known)) {
      double v = t.get("value").asDouble(Double.NaN);
      if (t.get("value").isNumber()
          && List.of("COMPLETE", "PRUNED").contains(t.get("state").asText())
          && v >= lo
          && v <= hi) {
        out.add(t.get("number").asInt());
      }
    }
    return out;
  }

  @Test
  void hostileStringsStayTextInEveryViewWithTooltipsHovered() throws Exception {
    String[] hostileStrings = {ConsoleStudies.IMG, ConsoleStudies.SCRIPT, ConsoleStudies.QUOTES};
    for (String view : VIEWS) {
      open("/studies/" + hostile + "/" + view);
      assertSafe(view);
    }
    open("/studies/" + hostile + "/leaderboard");
    String table = browser.driver.findElement(By.id("rows")).getText();
    assertThat(table).contains(ConsoleStudies.IMG, ConsoleStudies.QUOTES);
    open("/studies/" + hostile + "/history");
    String tip = hoverPoint("history-chart", "complete", 1);
    assertThat(tip).contains(ConsoleStudies.IMG).containsAnyOf(hostileStrings);
    open("/studies/" + hostile + "/parallel");
    assertThat(hoverLine(2)).contains(ConsoleStudies.IMG).containsAnyOf(hostileStrings);
    assertSafe("parallel tooltip");
    open("/studies/" + hostile + "/timeline");
    assertThat(hoverBar("COMPLETE", 0)).contains("trial");
    assertSafe("timeline tooltip");

    for (String view : VIEWS) {
      open("/studies/" + workers + "/" + view);
      assertSafe(view);
    }
    open("/studies/" + workers + "/leaderboard");
    assertThat(browser.driver.findElement(By.id("rows")).getText())
        .contains(ConsoleStudies.WORKER, ConsoleStudies.WORKER_QUOTED);
    open("/studies/" + workers + "/timeline");
    String bar = hoverBar("COMPLETE", 0);
    assertThat(bar).containsAnyOf(ConsoleStudies.WORKER, "w2");
    open("/studies/" + workers + "/trials/3");
    assertThat(browser.driver.findElement(By.id("trial-attempts")).getText())
        .contains(ConsoleStudies.WORKER_QUOTED, ConsoleStudies.ERROR);
    assertSafe("trial");
    open("/studies/" + workers + "/curves");
    assertThat(hoverCurve("running", 0))
        .contains("last val_top1")
        .containsAnyOf(ConsoleStudies.WORKER, "w2");
    assertSafe("curves tooltip");
    open("/studies/" + workers + "/history");
    assertThat(hoverPoint("history-chart", "complete", 0)).contains("worker");
    assertSafe("history tooltip");
  }

  /** No injected element ran or exists: no img anywhere, no handler set the flag. */
  private void assertSafe(String where) {
    assertThat(browser.js("return window.__xss === undefined")).as(where).isEqualTo(true);
    assertThat(browser.driver.findElements(By.tagName("img"))).as(where).isEmpty();
  }

  /**
   * Hovers the real mouse over the chart pixel {@code script} computes (given the chart as {@code
   * c}) and returns the tooltip's text. Lines are a pixel wide, so the pointer also tries the
   * pixels around it, as a hand would.
   */
  private String hover(String chartId, String script, Object... args) {
    double[] at = browser.viewportPoint(chartId, script, args);
    By tip = By.cssSelector("#" + chartId + " .tip");
    int[][] around = {
      {0, 0}, {0, 1}, {0, -1}, {1, 0}, {-1, 0}, {1, 1}, {-1, -1}, {1, -1}, {-1, 1}, {0, 2}, {0, -2}
    };
    for (int[] d : around) {
      browser.moveMouse(at[0] + d[0], at[1] + d[1]);
      try {
        new WebDriverWait(browser.driver, Duration.ofMillis(800))
            .until(
                x ->
                    !x.findElements(tip).isEmpty()
                        && x.findElement(tip).isDisplayed()
                        && !x.findElement(tip).getText().isEmpty());
        return browser.driver.findElement(tip).getText();
      } catch (TimeoutException e) {
        browser.moveMouse(5, 5);
      }
    }
    throw new AssertionError(
        "no tooltip when hovering "
            + chartId
            + " around "
            + at[0]
            + ","
            + at[1]
            + ": "
            + browser.js(
                "const e = document.elementFromPoint(arguments[0], arguments[1]); return"
                    + " [innerWidth, innerHeight, scrollY, e && e.tagName, e && e.parentElement &&"
                    + " e.parentElement.id,"
                    + " document.getElementById(arguments[2]).getBoundingClientRect().top].join()",
                at[0],
                at[1],
                chartId));
  }

  /** Hovers point {@code index} of a scatter series. */
  private String hoverPoint(String chartId, String seriesId, int index) {
    return hover(
        chartId,
        "const s = c.getOption().series.find(x => x.id === arguments[0]); const i = arguments[1], w"
            + " = (s.dimensions || []).length || 2; const point = ArrayBuffer.isView(s.data) ?"
            + " Array.from(s.data.slice(i * w, i * w + w)) : s.data[i]; return"
            + " c.convertToPixel({seriesId: arguments[0]}, point);",
        seriesId,
        index);
  }

  /** Hovers the middle of bar {@code index} of an outcome on the timeline. */
  private String hoverBar(String outcome, int index) {
    return hover(
        "timeline-chart",
        "const b = gistConsole.current.plotted().bars[arguments[0]][arguments[1]];"
            + " return c.convertToPixel({gridIndex: 0}, [(b[1] + b[2]) / 2, b[0]]);",
        outcome,
        index);
  }

  /** Hovers the first segment of curve {@code index} of a series of the curves view. */
  private String hoverCurve(String seriesId, int index) {
    return nearestPixelOf(
        "curves-chart",
        "const p = gistConsole.current.plotted()[arguments[0]][arguments[1]].coords;",
        seriesId,
        index);
  }

  /**
   * Hovers the first segment of the points {@code script} sets as {@code p} (data coordinates of
   * the chart's grid), at the whole viewport pixel nearest to it near its middle (a line is one
   * pixel wide).
   */
  private String nearestPixelOf(String chartId, String script, Object... args) {
    return hover(
        chartId,
        script
            + " const r = c.getDom().getBoundingClientRect(); const a ="
            + " c.convertToPixel({gridIndex: 0}, p[0]), b = c.convertToPixel({gridIndex: 0}, p[1]);"
            + " const ax = a[0] + r.left, ay = a[1] + r.top, bx = b[0] + r.left, by = b[1] + r.top;"
            + " let best = null; for (let x = Math.round((ax + bx) / 2) - 20; x <= Math.round((ax +"
            + " bx) / 2) + 20; x++) {   const y = Math.round(ay + (by - ay) * (x - ax) / (bx -"
            + " ax));   const d = Math.abs((by - ay) * x - (bx - ax) * y + bx * ay - by * ax) /"
            + " Math.hypot(bx - ax, by - ay);   if (!best || d < best[2]) best = [x, y, d]; }"
            + " return [best[0] - r.left, best[1] - r.top];",
        args);
  }

  /**
   * Hovers the first segment of line {@code index} in parallel coordinates, at the whole viewport
   * pixel nearest to it near its middle (a line is one pixel wide).
   */
  private String hoverLine(int index) {
    return nearestPixelOf(
        "parallel-chart",
        "const p = gistConsole.current.plotted().positions[arguments[0]];",
        index);
  }

  /** The known study's ablation table with rows=x picked in its selector. */
  private void openAblation() {
    open("/studies/" + known + "/ablation");
    new Select(browser.driver.findElement(By.id("ablation-rows"))).selectByValue("x");
    browser.until(
        "the ablation table",
        () ->
            browser
                    .driver
                    .findElement(By.id("ablation-download-md"))
                    .getAttribute("href")
                    .contains("rows=x")
                && !browser
                    .driver
                    .findElements(By.cssSelector("#ablation-table tbody tr"))
                    .isEmpty());
  }

  @Test
  void exportButtonsDownloadTheApisBytes() throws Exception {
    openAblation();
    for (String format : List.of("md", "tex", "csv")) {
      Path file = browser.downloads.resolve(known + "-ablation." + format);
      Files.deleteIfExists(file);
      browser.driver.findElement(By.id("ablation-download-" + format)).click();
      browser.until(
          "the " + format + " download",
          () -> Files.exists(file) && !Files.exists(Path.of(file + ".crdownload")));
      assertThat(Files.readAllBytes(file))
          .as(format)
          .isEqualTo(server.bytes("/api/studies/" + known + "/ablation?rows=x&format=" + format));
    }
  }
}
