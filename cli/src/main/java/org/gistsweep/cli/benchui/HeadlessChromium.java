package org.gistsweep.cli.benchui;

import java.io.File;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver, both given by path (nothing is
 * downloaded).
 */
final class HeadlessChromium implements AutoCloseable {
  /** Selenium warns that it has no CDP bindings for this Chromium; bench-ui needs none. */
  private static final Logger CDP_WARNINGS =
      Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    CDP_WARNINGS.setLevel(Level.SEVERE);
  }

  private final ChromeDriver driver;

  HeadlessChromium(File chromium, File chromedriver) {
    if (!chromium.canExecute() || !chromedriver.canExecute()) {
      throw new IllegalStateException(
          "bench-ui needs "
              + chromium
              + " and "
              + chromedriver
              + ": install them with `apt-get install chromium chromium-driver`, or name them with"
              + " --chromium and --chromedriver");
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver)
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000");
    driver = new ChromeDriver(service, options);
  }

  void open(String url) {
    driver.get(url);
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /**
   * The duration of the page's latest User Timing measure {@code name}, or null before it has one.
   */
  Double measure(String name) {
    Object v =
        js(
            "const e = performance.getEntriesByName(arguments[0], 'measure'); return e.length ?"
                + " e[e.length - 1].duration : null;",
            name);
    return v == null ? null : ((Number) v).doubleValue();
  }

  /**
   * When the page set its User Timing mark {@code name} (ms since it began loading), or null
   * before.
   */
  Double mark(String name) {
    Object v =
        js(
            "const e = performance.getEntriesByName(arguments[0], 'mark'); return e.length ?"
                + " e[0].startTime : null;",
            name);
    return v == null ? null : ((Number) v).doubleValue();
  }

  /** The body's {@code data-NAME} attribute, or null. */
  String data(String name) {
    Object v = js("return document.body.dataset." + name + " || null");
    return v == null ? null : v.toString();
  }

  /** Waits for {@code condition}; false when {@code limit} passed first. */
  boolean until(Duration limit, Supplier<Boolean> condition) {
    try {
      new WebDriverWait(driver, limit, Duration.ofMillis(20)).until(d -> condition.get());
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  String version() {
    return String.valueOf(driver.getCapabilities().getBrowserVersion());
  }

  @Override
  public void close() {
    driver.quit();
  }
}
