package org.gistsweep.orchestrator.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gistsweep.testsupport.RequiresTool;
import org.gistsweep.testsupport.Tool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

/**
 * The console in a real browser (Debian's headless Chromium): every view draws the API's data,
 * brushing filters the leaderboard, events arrive without a reload, a dropped connection resumes
 * without a gap or a duplicate, user strings stay text (tooltips hovered), exports are the API's
 * bytes. One browser and one server for the class; screenshots go to target/console-screenshots.
 */
@RequiresTool(Tool.CHROMIUM)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
  static final Path SHOTS = Path.of("target", "console-screenshots");
  static final List<String> VIEWS = List.of("leaderboard", "history", "curves", "parallel", "importance", "slices", "pareto", "timeline", "ablation", "compare");

  ConsoleServer server;
  Browser browser;
  String known;
  String pareto;
  String hostile;
  String workers;

  @BeforeAll
  void start() throws Exception {
    server = new ConsoleServer();
    known = ConsoleStudies.knownStudy(server);
    pareto = ConsoleStudies.paretoStudy(server);
    hostile = ConsoleStudies.hostileAskTell(server);
    workers = ConsoleStudies.workerSweep(server);
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

  /** History's plotted data as the API gives it: [number, value] by state, and the best so far. */
  static Map<String, List<List<Double>>> expectedHistory(JsonNode trials) {
    Map<String, List<List<Double>>> out = new TreeMap<>(Map.of("complete", new ArrayList<>(), "pruned", new ArrayList<>(), "best", new ArrayList<>()));
    double best = Double.NEGATIVE_INFINITY;
    for (JsonNode t : trials) {
      if (!t.get("value").isNumber()) {
        continue;
      }
      double v = t.get("value").asDouble();
      String state = t.get("state").asText();
      if (state.equals("COMPLETE")) {
        out.get("complete").add(List.of(t.get("number").asDouble(), v));
        best = Math.max(best, v);
        out.get("best").add(List.of(t.get("number").asDouble(), best));
      } else if (state.equals("PRUNED")) {
        out.get("pruned").add(List.of(t.get("number").asDouble(), v));
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
    browser.until("the study list shows every study", () -> browser.driver.findElements(By.cssSelector("tr[data-study]")).size() == 4);
    browser.screenshot(SHOTS.resolve("studies.png"));

    open("/studies/" + known + "/leaderboard");
    assertThat(browser.driver.findElements(By.cssSelector("#rows tr"))).hasSize(trials.size());
    String best = server.get("/api/studies/" + known).get("best_trial").asText();
    assertThat(browser.driver.findElement(By.cssSelector("#rows tr")).getAttribute("data-trial")).isEqualTo(best);
    browser.screenshot(SHOTS.resolve("leaderboard.png"));

    open("/studies/" + known + "/history");
    assertThat(plottedHistory()).isEqualTo(expectedHistory(trials));
    browser.screenshot(SHOTS.resolve("history.png"));

    open("/studies/" + known + "/curves");
    JsonNode curves = browser.series("curves-chart");
    Map<Integer, List<List<Double>>> plotted = new TreeMap<>();
    for (String id : List.of("running", "pruned")) {
      for (JsonNode line : seriesData(curves, id)) {
        plotted.put(line.get("trial").asInt(), points(line.get("coords")));
      }
    }
    Map<Integer, List<List<Double>>> reported = new TreeMap<>();
    for (JsonNode t : trials) {
      List<List<Double>> steps = new ArrayList<>();
      t.get("intermediate_values").fields().forEachRemaining(e -> steps.add(List.of(Double.parseDouble(e.getKey()), e.getValue().asDouble())));
      if (!steps.isEmpty()) {
        reported.put(t.get("number").asInt(), steps);
      }
    }
    assertThat(plotted).isEqualTo(reported);
    browser.screenshot(SHOTS.resolve("curves.png"));

    open("/studies/" + known + "/parallel");
    List<List<Double>> rows = new ArrayList<>();
    for (JsonNode t : trials) {
      if (t.get("value").isNumber() && List.of("COMPLETE", "PRUNED").contains(t.get("state").asText())) {
        JsonNode p = t.get("params");
        rows.add(List.of(p.get("x").asDouble(), p.get("gist").asBoolean() ? 0.0 : 1.0, p.get("lr").asDouble(), p.get("seed").asDouble(), t.get("value").asDouble()));
      }
    }
    JsonNode parallel = seriesData(browser.series("parallel-chart"), "trials");
    List<List<Double>> drawnRows = new ArrayList<>();
    for (JsonNode r : parallel) {
      drawnRows.add(List.of(r.get(0).asDouble(), r.get(1).asText().equals("true") ? 0.0 : 1.0, r.get(2).asDouble(), r.get(3).asDouble(), r.get(4).asDouble()));
    }
    assertThat(drawnRows).isEqualTo(rows);
    browser.screenshot(SHOTS.resolve("parallel.png"));

    open("/studies/" + known + "/importance");
    browser.until("importance bars", () -> !browser.series("importance-chart").isNull());
    JsonNode importance = server.get("/api/studies/" + known + "/importance").get("importance");
    List<Map.Entry<String, Double>> bars = new ArrayList<>();
    importance.fields().forEachRemaining(e -> bars.add(Map.entry(e.getKey(), e.getValue().asDouble())));
    bars.sort(Map.Entry.comparingByValue());
    assertThat(points(wrap(seriesData(browser.series("importance-chart"), "importance")))).isEqualTo(
        bars.stream().map(e -> List.of(e.getValue())).toList());
    browser.screenshot(SHOTS.resolve("importance.png"));

    open("/studies/" + known + "/slices");
    JsonNode slices = browser.series("slices-chart");
    List<List<Double>> xs = new ArrayList<>();
    for (JsonNode t : trials) {
      if (t.get("state").asText().equals("COMPLETE")) {
        xs.add(List.of(t.get("params").get("x").asDouble(), t.get("value").asDouble(), t.get("number").asDouble()));
      }
    }
    assertThat(points(seriesData(slices, "slice-0"))).isEqualTo(xs);
    browser.screenshot(SHOTS.resolve("slices.png"));

    open("/studies/" + pareto + "/pareto");
    JsonNode front = server.get("/api/studies/" + pareto).get("pareto_front");
    JsonNode paretoTrials = trials(pareto);
    List<List<Double>> expectedFront = new ArrayList<>();
    front.forEach(n -> {
      JsonNode values = paretoTrials.get(n.asInt()).get("values");
      expectedFront.add(List.of(values.get(0).asDouble(), values.get(1).asDouble(), n.asDouble()));
    });
    expectedFront.sort(Comparator.<List<Double>, Double>comparing(p -> p.get(0)).thenComparing(p -> p.get(1)));
    assertThat(expectedFront).isNotEmpty();
    assertThat(points(seriesData(browser.series("pareto-chart"), "front"))).isEqualTo(expectedFront);
    browser.screenshot(SHOTS.resolve("pareto.png"));

    open("/studies/" + workers + "/timeline");
    JsonNode timeline = browser.series("timeline-chart");
    Map<String, Integer> outcomes = new TreeMap<>();
    for (JsonNode t : trials(workers)) {
      for (JsonNode a : t.get("attempts")) {
        if (a.get("started_at").isTextual()) {
          outcomes.merge(a.get("outcome").asText(), 1, Integer::sum);
        }
      }
    }
    Map<String, Integer> bars2 = new TreeMap<>();
    for (JsonNode s : timeline) {
      if (s.get("data").size() > 0) {
        bars2.put(s.get("id").asText(), s.get("data").size());
      }
    }
    assertThat(bars2).isEqualTo(outcomes).containsKeys("COMPLETE", "PRUNED", "LEASE_EXPIRED", "FAILED");
    browser.screenshot(SHOTS.resolve("timeline.png"));

    open("/studies/" + workers + "/trials/2");
    assertThat(browser.driver.findElements(By.cssSelector("#trial-attempts tbody tr"))).hasSize(2);
    assertThat(browser.driver.findElements(By.cssSelector("#trial-epochs tbody tr"))).hasSize(3);
    JsonNode losses = browser.series("trial-losses");
    assertThat(points(seriesData(losses, "train_loss"))).hasSize(3);
    browser.screenshot(SHOTS.resolve("trial.png"));

    openAblation();
    JsonNode table = server.get("/api/studies/" + known + "/ablation?rows=x&format=json");
    assertThat(browser.driver.findElement(By.id("ablation-caption")).getText()).isEqualTo(table.get("caption").asText());
    assertThat(browser.driver.findElements(By.cssSelector("#ablation-table tbody tr"))).hasSizeGreaterThanOrEqualTo(table.get("lines").size());
    browser.screenshot(SHOTS.resolve("ablation.png"));

    open("/studies/" + known + "/compare?with=" + pareto);
    browser.until("both studies overlaid", () -> browser.series("compare-chart").size() == 4);
    browser.screenshot(SHOTS.resolve("compare.png"));
  }

  private static JsonNode wrap(JsonNode values) {
    com.fasterxml.jackson.databind.node.ArrayNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    values.forEach(v -> out.addArray().add(v));
    return out;
  }

  @Test
  void aTellAddsAPointWithoutAReload() throws Exception {
    open("/studies/" + known + "/history");
    browser.js("window.__sameDocument = true");
    int n = ConsoleStudies.addKnownTrial(server, known, "complete");
    browser.until("trial " + n + " is drawn", () -> plottedHistory().get("complete").stream().anyMatch(p -> p.get(0) == n));
    assertThat(plottedHistory()).isEqualTo(expectedHistory(trials(known)));
    assertThat(browser.js("return window.__sameDocument === true && document.body.dataset.snapshots")).isEqualTo("1");
  }

  @Test
  void aDroppedConnectionResumesWithoutGapOrDuplicate() throws Exception {
    try (DropProxy proxy = new DropProxy(server.port)) {
      browser.open("http://127.0.0.1:" + proxy.port() + "/studies/" + known + "/history");
      browser.drawn(1);
      String before = (String) browser.js("return document.body.dataset.seq");
      proxy.drop();
      browser.until("the page notices", () -> !"live".equals(browser.driver.findElement(By.id("status")).getText()));
      for (int i = 0; i < 3; i++) {
        ConsoleStudies.addKnownTrial(server, known, i == 1 ? "pruned" : "complete");
      }
      proxy.restore();
      JsonNode trials = trials(known);
      browser.until("the missed trials are drawn", () -> plottedHistory().equals(expectedHistory(trials)));
      assertThat(browser.js("return [document.body.dataset.snapshots, document.body.dataset.gaps, document.body.dataset.duplicates].join()"))
          .isEqualTo("1,0,0");
      assertThat((String) browser.js("return document.body.dataset.seq")).isNotEqualTo(before);
    }
  }

  @Test
  void brushingFiltersTheLeaderboardAndTheSelectionSurvivesLiveUpdates() throws Exception {
    open("/studies/" + known + "/parallel");
    int objectiveAxis = 4;
    double lo = 0.8;
    double hi = 1.1;
    browser.js("echarts.getInstanceByDom(document.getElementById('parallel-chart')).dispatchAction("
        + "{type: 'axisAreaSelect', parallelAxisId: 'axis-" + objectiveAxis + "', intervals: [[" + lo + ", " + hi + "]]})");
    browser.driver.findElement(By.cssSelector("nav a[data-view=leaderboard]")).click();
    browser.until("the leaderboard is filtered", () -> !browser.driver.findElements(By.cssSelector("#selection-note button")).isEmpty());
    assertThat(shownTrials()).isEqualTo(selected(lo, hi));
    int added;
    do {
      added = ConsoleStudies.addKnownTrial(server, known, "complete");
    } while (!selected(lo, hi).contains(added));
    int last = added;
    browser.until("the new trial inside the selection is listed", () -> shownTrials().contains(last));
    assertThat(shownTrials()).isEqualTo(selected(lo, hi));
    browser.screenshot(SHOTS.resolve("leaderboard-brushed.png"));
  }

  private List<Integer> shownTrials() {
    return browser.driver.findElements(By.cssSelector("#rows tr")).stream().map(r -> Integer.parseInt(r.getAttribute("data-trial"))).sorted().toList();
  }

  private List<Integer> selected(double lo, double hi) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (JsonNode t : trials(known)) {
      double v = t.get("value").asDouble(Double.NaN);
      if (t.get("value").isNumber() && List.of("COMPLETE", "PRUNED").contains(t.get("state").asText()) && v >= lo && v <= hi) {
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
    String tip = hover("history-chart", "complete", 1);
    assertThat(tip).contains(ConsoleStudies.IMG).containsAnyOf(hostileStrings);
    open("/studies/" + hostile + "/parallel");
    assertSafe("parallel");

    for (String view : VIEWS) {
      open("/studies/" + workers + "/" + view);
      assertSafe(view);
    }
    open("/studies/" + workers + "/leaderboard");
    assertThat(browser.driver.findElement(By.id("rows")).getText()).contains(ConsoleStudies.WORKER, ConsoleStudies.WORKER_QUOTED);
    open("/studies/" + workers + "/timeline");
    String bar = hover("timeline-chart", "COMPLETE", 0);
    assertThat(bar).containsAnyOf(ConsoleStudies.WORKER, "w2");
    open("/studies/" + workers + "/trials/3");
    assertThat(browser.driver.findElement(By.id("trial-attempts")).getText()).contains(ConsoleStudies.WORKER_QUOTED, ConsoleStudies.ERROR);
    assertSafe("trial");
    open("/studies/" + workers + "/history");
    assertThat(hover("history-chart", "complete", 0)).contains("worker");
    assertSafe("history tooltip");
  }

  /** No injected element ran or exists: no img anywhere, no handler set the flag. */
  private void assertSafe(String where) {
    assertThat(browser.js("return window.__xss === undefined")).as(where).isEqualTo(true);
    assertThat(browser.driver.findElements(By.tagName("img"))).as(where).isEmpty();
  }

  /**
   * Shows the tooltip of one point of a series (ECharts' showTip action: the hover path, with the
   * view's formatter) and returns the tooltip's text.
   */
  private String hover(String chartId, String seriesId, int index) {
    browser.js("const c = echarts.getInstanceByDom(document.getElementById(arguments[0]));"
        + " const k = c.getOption().series.findIndex(s => s.id === arguments[1]);"
        + " c.dispatchAction({type: 'showTip', seriesIndex: k, dataIndex: arguments[2]});", chartId, seriesId, index);
    browser.until("a tooltip on " + chartId, () -> !browser.driver.findElements(By.cssSelector("#" + chartId + " .tip")).isEmpty()
        && browser.driver.findElement(By.cssSelector("#" + chartId + " .tip")).isDisplayed());
    return browser.driver.findElement(By.cssSelector("#" + chartId + " .tip")).getText();
  }

  /** The known study's ablation table with rows=x picked in its selector. */
  private void openAblation() {
    open("/studies/" + known + "/ablation");
    new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("ablation-rows"))).selectByValue("x");
    browser.until("the ablation table", () -> browser.driver.findElement(By.id("ablation-download-md")).getAttribute("href").contains("rows=x")
        && !browser.driver.findElements(By.cssSelector("#ablation-table tbody tr")).isEmpty());
  }

  @Test
  void exportButtonsDownloadTheApisBytes() throws Exception {
    openAblation();
    for (String format : List.of("md", "tex", "csv")) {
      Path file = browser.downloads.resolve(known + "-ablation." + format);
      Files.deleteIfExists(file);
      browser.driver.findElement(By.id("ablation-download-" + format)).click();
      browser.until("the " + format + " download", () -> Files.exists(file) && !Files.exists(Path.of(file + ".crdownload")));
      assertThat(Files.readAllBytes(file)).as(format).isEqualTo(server.bytes("/api/studies/" + known + "/ablation?rows=x&format=" + format));
    }
  }
}
