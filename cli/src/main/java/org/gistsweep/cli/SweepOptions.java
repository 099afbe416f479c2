package org.gistsweep.cli;

import java.nio.file.Path;
import org.gistsweep.cli.logging.LogFormat;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by {@code quickstart} and {@code run}. */
final class SweepOptions {
  @Option(
      names = "--workers",
      description = "Local workers to start (default: the sweep's parallel trials).")
  Integer workers;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Write the final study as DIR/study.json.")
  Path output;

  @Option(
      names = "--port",
      description = "Leaderboard and API port on 127.0.0.1 (default: ${DEFAULT-VALUE}).",
      defaultValue = "8080")
  int port;

  @Option(
      names = "--bootstrap",
      paramLabel = "HOST:PORT",
      description = "Use this Kafka broker instead of an embedded one.")
  String bootstrap;

  @Option(
      names = "--timeout-minutes",
      description =
          "Give up if the sweep has not finished after this long (default: ${DEFAULT-VALUE}).",
      defaultValue = "120")
  int timeoutMinutes;

  @Option(
      names = "--keep-serving",
      description = "After the sweep, keep the leaderboard up until Ctrl-C.")
  boolean keepServing;

  @Option(
      names = "--connect-timeout",
      paramLabel = "SECONDS",
      description = "Give up on an unreachable broker after this long (default: ${DEFAULT-VALUE}).",
      defaultValue = "20")
  int connectTimeout;

  @Option(
      names = "--report",
      paramLabel = "FORMAT",
      defaultValue = "auto",
      description =
          "After the sweep, print its ablation table (by gist, over seed) as md, text, tex, csv or"
              + " json; auto (default): Markdown when the study compares gist on and off over"
              + " several seeds; none: never.")
  String report;

  @Mixin WorkerRootOptions roots = new WorkerRootOptions();

  @Mixin ArtifactStoreOptions artifacts = new ArtifactStoreOptions();

  @Mixin KafkaConfigOption kafkaConfig = new KafkaConfigOption();

  @Mixin WebAccessOptions webAccess = new WebAccessOptions();

  @Mixin LimitOptions limits = new LimitOptions();

  @Mixin LogFormat logFormat = new LogFormat();
}
