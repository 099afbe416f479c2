package org.gistsweep.cli;

import java.io.File;
import java.util.List;
import java.util.concurrent.Callable;
import org.gistsweep.cli.benchui.UiBench;
import org.gistsweep.orchestrator.Orchestrator;
import org.gistsweep.orchestrator.OrchestratorOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gist-sweep bench-ui --trials N}: starts {@code serve} in this process, makes an N-trial
 * ask/tell study through the HTTP API, opens every console view in headless Chromium and prints
 * each view's first-render time and its live-update repaint time. The targets (1 s, 100 ms) are
 * printed beside the figures, never enforced.
 */
@Command(
    name = "bench-ui",
    mixinStandardHelpOptions = true,
    description =
        "Console benchmark: an N-trial ask/tell study in an in-process server, every view opened in"
            + " headless Chromium; prints first-render and live-repaint times per view against the"
            + " 1 s / 100 ms targets.")
final class BenchUiCommand implements Callable<Integer> {
  @Option(
      names = "--trials",
      description = "Trials in the study (default: ${DEFAULT-VALUE}).",
      defaultValue = "10000")
  int trials;

  @Option(
      names = "--steps",
      description = "Reported values per trial (default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  int steps;

  @Option(
      names = "--updates",
      description =
          "Live updates timed per view; the median is printed (default: ${DEFAULT-VALUE}).",
      defaultValue = "5")
  int updates;

  @Option(
      names = "--clients",
      description = "HTTP clients filling the study at once (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int clients;

  @Option(
      names = "--views",
      split = ",",
      paramLabel = "VIEW",
      description =
          "Only these views, comma-separated (default: all): studies, leaderboard, history, curves,"
              + " parallel, slices, pareto, timeline, ablation, compare, trial, importance.")
  List<String> views;

  @Option(
      names = "--chromium",
      description = "Chromium binary (default: ${DEFAULT-VALUE}).",
      defaultValue = "/usr/bin/chromium")
  File chromium;

  @Option(
      names = "--chromedriver",
      description = "chromedriver binary matching it (default: ${DEFAULT-VALUE}).",
      defaultValue = "/usr/bin/chromedriver")
  File chromedriver;

  @Option(
      names = "--keep-serving",
      description = "Keep the server (and its study) up afterwards, for a look in a browser.")
  boolean keepServing;

  @Override
  public Integer call() throws Exception {
    if (trials < 1 || steps < 1 || updates < 1 || clients < 1) {
      throw new UserFacingException(
          "--trials, --steps, --updates and --clients must be at least 1");
    }
    List<String> chosen;
    try {
      chosen = UiBench.views(views);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage());
    }
    try (Orchestrator server = Orchestrator.start(OrchestratorOptions.defaults(null, 0))) {
      String base = server.url().replaceAll("/$", "");
      UiBench.run(
          System.out, base, trials, steps, updates, clients, chromium, chromedriver, chosen);
      if (keepServing) {
        System.out.println("Serving " + server.url() + " until interrupted (Ctrl-C).");
        new UntilStopped().await(server, "gist-bench-ui");
      }
    }
    return 0;
  }
}
