package org.gistsweep.cli.logging;

import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --log-format human|json}, shared by the long-running commands (orchestrator, worker,
 * serve, run, quickstart). {@code human} (the default) is slf4j-simple's one line per event ({@link
 * HumanLogger}); {@code json} is one JSON object per line on stderr ({@link JsonLogger}) for log
 * pipelines. Either way a worker's attempt logs get the attempt's lines in the same format.
 */
public final class LogFormat {
  /** The formats. */
  public enum Kind {
    human,
    json
  }

  @Option(
      names = "--log-format",
      paramLabel = "human|json",
      defaultValue = "human",
      description =
          "Log lines as text (human, default) or one JSON object per line on stderr with study,"
              + " trial, attempt and worker as fields (json).")
  Kind format = Kind.human;

  /**
   * Picks the logging backend from {@code args} before any logger exists (picocli parses later):
   * with {@code --log-format json} (or {@code --log-format=json}) SLF4J uses {@link
   * JsonLogProvider}, else {@link HumanLogProvider}; a {@code -Dslf4j.provider} given on the
   * command line is left alone.
   */
  public static void configure(String[] args) {
    if (System.getProperty("slf4j.provider") != null) {
      return;
    }
    boolean json = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value =
          a.startsWith("--log-format=")
              ? a.substring("--log-format=".length())
              : a.equals("--log-format") && i + 1 < args.length ? args[i + 1] : null;
      if (value != null) {
        json = value.toLowerCase(Locale.ROOT).equals("json");
      }
    }
    System.setProperty(
        "slf4j.provider", (json ? JsonLogProvider.class : HumanLogProvider.class).getName());
    // SLF4J would announce the explicit provider on stderr (a line that is not JSON, and noise)
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "WARN");
    }
  }
}
