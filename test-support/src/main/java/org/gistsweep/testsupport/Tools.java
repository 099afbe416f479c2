package org.gistsweep.testsupport;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Probes for the optional outside tools, run once per JVM and cached. A test that needs a tool
 * calls {@link #assume(Tool)} (or carries {@link RequiresTool}): where the tool is absent or broken
 * the test is skipped with {@link ProbeResult#reason()}, never failed.
 */
public final class Tools {
  /** Debian's Chromium, as the browser tests start it. */
  public static final String CHROMIUM_BINARY = "/usr/bin/chromium";

  /** Debian's chromedriver, matched to {@link #CHROMIUM_BINARY}. */
  public static final String CHROMEDRIVER_BINARY = "/usr/bin/chromedriver";

  /** Debian's Python, which runs the project's Python scripts. */
  public static final String PYTHON = PythonImports.PYTHON;

  private static final Map<Tool, ProbeResult> RESULTS = new EnumMap<>(Tool.class);

  private Tools() {}

  /** Probes {@code tool} (once per JVM) and says whether it works here. */
  public static ProbeResult probe(Tool tool) {
    synchronized (RESULTS) {
      return RESULTS.computeIfAbsent(tool, t -> new ProbeResult(t, t.problem().orElse(null)));
    }
  }

  /** Skips the calling test, with the reason, unless {@code tool} works here. */
  public static void assume(Tool tool) {
    ProbeResult r = probe(tool);
    Assumptions.assumeTrue(r.available(), r::reason);
  }

  /** Debian's Chromium binary, after {@link #assume(Tool) assume(CHROMIUM)}. */
  public static Path chromiumBinary() {
    return Path.of(CHROMIUM_BINARY);
  }

  /** Debian's chromedriver binary, after {@link #assume(Tool) assume(CHROMIUM)}. */
  public static Path chromedriverBinary() {
    return Path.of(CHROMEDRIVER_BINARY);
  }
}
