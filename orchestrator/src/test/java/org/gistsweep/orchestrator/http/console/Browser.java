package org.gistsweep.orchestrator.http.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.gistsweep.testsupport.Tools;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium, driven by Debian's chromedriver given by path (Selenium Manager is
 * never asked for anything), downloading into {@code downloads}. Waits poll a condition the page
 * makes true; nothing sleeps.
 */
final class Browser implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WAIT = Duration.ofSeconds(30);

  final ChromeDriver driver;
  final Path downloads;

  Browser(Path downloads) {
    this(downloads, false);
  }

  /**
   * With {@code networkLog}, {@link #network()} lists every request the pages made and how each was
   * answered.
   */
  Browser(Path downloads, boolean networkLog) {
    this.downloads = downloads;
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Tools.chromedriverBinary().toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(Tools.chromiumBinary().toString());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000");
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory",
            downloads.toAbsolutePath().toString(),
            "download.prompt_for_download",
            false));
    options.setCapability(
        "goog:loggingPrefs",
        networkLog ? Map.of("browser", "ALL", "performance", "ALL") : Map.of("browser", "ALL"));
    driver = new ChromeDriver(service, options);
    driver.executeCdpCommand(
        "Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
  }

  void open(String url) {
    driver.get(url);
  }

  Object js(String script, Object... args) {
    if (script.contains("gistConsole")) {
      exposeConsole();
    }
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /**
   * Makes the page's state reachable as {@code gistConsole} for the test's scripts: the console
   * exports it from its module and sets no global of its own; importing the module again yields the
   * instance the page runs.
   */
  private void exposeConsole() {
    Object done =
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1]; if (window.gistConsole) {"
                    + " done(true); return; } import('/console/app.js').then((m) => {"
                    + " window.gistConsole = m.page; done(true); }, (e) => done(String(e)));");
    if (!Boolean.TRUE.equals(done)) {
      throw new IllegalStateException("cannot import the console's module: " + done);
    }
  }

  /** A JSON value the page computes ({@code script} returns a JSON string). */
  JsonNode json(String script, Object... args) {
    Object out = js(script, args);
    try {
      return JSON.readTree(String.valueOf(out));
    } catch (IOException e) {
      throw new IllegalStateException("page returned no JSON: " + out, e);
    }
  }

  /**
   * The series of the ECharts instance in element {@code id}: [{id, name, data}, ...]. Data packed
   * in a typed array is unpacked into rows as wide as the series' dimensions.
   */
  JsonNode series(String id) {
    return json(
        "const el = document.getElementById(arguments[0]); const c = el &&"
            + " echarts.getInstanceByDom(el); const rows = (s) => { if"
            + " (!ArrayBuffer.isView(s.data)) return s.data; const w = (s.dimensions || []).length"
            + " || 2; const out = [];   for (let i = 0; i < s.data.length; i += w)"
            + " out.push(Array.from(s.data.slice(i, i + w))); return out; }; return c &&"
            + " c.getOption() && c.getOption().series ? JSON.stringify(c.getOption().series.map(s"
            + " => ({id: s.id, name: s.name, data: rows(s)}))) : 'null';",
        id);
  }

  /**
   * Waits until {@code condition} holds, re-checking as the page changes; fails with {@code what}.
   */
  void until(String what, Supplier<Boolean> condition) {
    try {
      new WebDriverWait(driver, WAIT).until(d -> condition.get());
    } catch (TimeoutException e) {
      throw new AssertionError(
          "timed out waiting until "
              + what
              + " on "
              + driver.getCurrentUrl()
              + "; page error: "
              + js("return document.body.dataset.error || 'none'")
              + "; browser console: "
              + console(),
          e);
    }
  }

  /**
   * Chrome's network events since the last call ({@code Network.requestWillBeSent}, {@code
   * Network.responseReceived}, {@code Network.loadingFailed}, ...): each the {@code message} object
   * of a performance log entry, {@code {"method", "params"}}.
   */
  List<JsonNode> network() {
    List<JsonNode> out = new ArrayList<>();
    for (var entry : driver.manage().logs().get("performance")) {
      try {
        JsonNode message = JSON.readTree(entry.getMessage()).get("message");
        if (message.path("method").asText().startsWith("Network.")) {
          out.add(message);
        }
      } catch (IOException e) {
        throw new IllegalStateException("chromedriver logged no JSON: " + entry.getMessage(), e);
      }
    }
    return out;
  }

  /** What the page logged (errors included) since the last call. */
  String console() {
    StringBuilder out = new StringBuilder();
    driver
        .manage()
        .logs()
        .get("browser")
        .forEach(l -> out.append("\n  ").append(l.getLevel()).append(' ').append(l.getMessage()));
    return out.toString();
  }

  /** Waits until the page has drawn at least {@code version} events and the view is on screen. */
  void drawn(long version) {
    until(
        "the page draws event " + version,
        () ->
            Long.parseLong(String.valueOf(js("return document.body.dataset.version || '0'")))
                    >= version
                && js(
                        "return performance.getEntriesByName('gist:first-render', 'measure').length"
                            + " > 0")
                    == Boolean.TRUE);
  }

  /**
   * Where a point of a chart lies in the viewport: {@code script} returns [x, y] in the chart's own
   * pixels (ECharts' convertToPixel and the like), given the chart as {@code c}; the chart is
   * scrolled into view first.
   */
  double[] viewportPoint(String chartId, String script, Object... args) {
    Object[] all = new Object[args.length + 1];
    all[0] = chartId;
    System.arraycopy(args, 0, all, 1, args.length);
    JsonNode p =
        json(
            "const box = document.getElementById(arguments[0]); box.scrollIntoView({block:"
                + " 'center'}); const c = echarts.getInstanceByDom(box); const r ="
                + " box.getBoundingClientRect(); const local = (function() { "
                + script
                + " }).apply(null, Array.prototype.slice.call(arguments, 1));"
                + " return JSON.stringify([r.left + local[0], r.top + local[1]]);",
            all);
    return new double[] {p.get(0).asDouble(), p.get(1).asDouble()};
  }

  /** Moves the real mouse pointer to viewport point (x, y). */
  void moveMouse(double x, double y) {
    PointerInput mouse = new PointerInput(PointerInput.Kind.MOUSE, "mouse");
    Sequence move = new Sequence(mouse, 0);
    move.addAction(
        mouse.createPointerMove(
            Duration.ofMillis(50),
            PointerInput.Origin.viewport(),
            (int) Math.round(x),
            (int) Math.round(y)));
    driver.perform(List.of(move));
  }

  /**
   * Presses the left button at {@code from}, moves to {@code to} in steps, and releases it: a real
   * drag.
   */
  void drag(double[] from, double[] to) {
    PointerInput mouse = new PointerInput(PointerInput.Kind.MOUSE, "mouse");
    Sequence drag = new Sequence(mouse, 0);
    drag.addAction(
        mouse.createPointerMove(
            Duration.ofMillis(50),
            PointerInput.Origin.viewport(),
            (int) Math.round(from[0]),
            (int) Math.round(from[1])));
    drag.addAction(mouse.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
    int steps = 8;
    for (int i = 1; i <= steps; i++) {
      double x = from[0] + (to[0] - from[0]) * i / steps;
      double y = from[1] + (to[1] - from[1]) * i / steps;
      drag.addAction(
          mouse.createPointerMove(
              Duration.ofMillis(40),
              PointerInput.Origin.viewport(),
              (int) Math.round(x),
              (int) Math.round(y)));
    }
    drag.addAction(mouse.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
    driver.perform(List.of(drag));
  }

  void screenshot(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
