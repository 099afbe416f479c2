package org.gistsweep.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.gistsweep.cli.loadharness.LoadHarness;
import org.gistsweep.cli.loadharness.LoadOptions;
import org.gistsweep.cli.loadharness.LoadReport;
import org.gistsweep.cli.loadharness.LoadTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gist-sweep bench-load}: the load harness ({@link LoadHarness}): the real orchestrator
 * and broker with many simulated workers; prints events/s applied, dispatch latency and heap per
 * trial. Exit status 0 when the counts add up (targets are reported, not enforced).
 */
@Command(
    name = "bench-load",
    mixinStandardHelpOptions = true,
    description =
        "Load harness: the real orchestrator and Kafka broker with simulated workers (instant"
            + " training); prints events/s, dispatch latency p50/p99/max and heap per 10,000"
            + " trials.")
final class BenchLoadCommand implements Callable<Integer> {
  @Option(
      names = "--workers",
      description = "Simulated workers, one share consumer each (default: 500; quick: 50).")
  Integer workers;

  @Option(names = "--trials", description = "Trials in total (default: 20000; quick: 2000).")
  Integer trials;

  @Option(names = "--epochs", description = "Epochs per trial (default: 3).")
  Integer epochs;

  @Option(
      names = "--stages",
      description =
          "Studies run one after another; heap is measured after each (default: 4; quick: 2).")
  Integer stages;

  @Option(
      names = "--pruner",
      description =
          "none, median or asha: with a pruner every epoch waits for a trial_control (default:"
              + " none).")
  String pruner;

  @Option(
      names = "--epoch-ms",
      description = "Synthetic training time per epoch in ms (default: 0).")
  Integer epochMillis;

  @Option(
      names = "--producers",
      description = "Event producers the workers share (default: 4; quick: 2).")
  Integer producers;

  @Option(
      names = "--fetch-wait-ms",
      description =
          "The simulated workers' fetch.max.wait.ms (default: the client's 500, as real workers).")
  Integer fetchWaitMillis;

  @Option(
      names = "--share-heartbeat-ms",
      description =
          "In-JVM broker: group.share.heartbeat.interval.ms (default: 500, as ./gist-sweep"
              + " broker).")
  Integer shareHeartbeatMillis;

  @Option(
      names = "--trial-partitions",
      description =
          "Create gist.trials with this many partitions before the orchestrator does (default: 1,"
              + " as it does).")
  Integer trialPartitions;

  @Option(
      names = "--parallel",
      description =
          "Trials live at once (default: one per worker; fewer measures hand-out to an idle"
              + " fleet).")
  Integer parallel;

  @Option(
      names = "--bootstrap",
      description = "An external broker, host:port (default: start one in this JVM).")
  String bootstrap;

  @Option(names = "--quick", description = "50 workers, 2000 trials in 2 studies.")
  boolean quick;

  @Override
  public Integer call() {
    quietLogs();
    LoadOptions base = quick ? LoadOptions.quick() : LoadOptions.defaults();
    LoadOptions options;
    try {
      options =
          new LoadOptions(
              or(workers, base.workers()),
              or(trials, base.trials()),
              or(epochs, base.epochs()),
              or(stages, base.stages()),
              bootstrap,
              pruner == null ? base.pruner() : pruner,
              epochMillis == null ? base.epochTime() : Duration.ofMillis(epochMillis),
              base.heartbeatInterval(),
              or(producers, base.producers()),
              base.stageTimeout(),
              fetchWaitMillis == null ? null : Duration.ofMillis(fetchWaitMillis),
              shareHeartbeatMillis == null ? null : Duration.ofMillis(shareHeartbeatMillis),
              trialPartitions == null ? base.trialPartitions() : trialPartitions,
              parallel == null ? 0 : parallel);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage());
    }
    LoadReport report = LoadHarness.run(options, System.out);
    System.out.println();
    System.out.print(LoadTable.render(report));
    return report.problems().isEmpty() ? 0 : ExitCodes.FAILED;
  }

  /** Hundreds of Kafka clients log their whole configuration at INFO; the table is the output. */
  private static void quietLogs() {
    for (String logger : new String[] {"org.apache.kafka", "kafka", "org.gistsweep"}) {
      String key = "org.slf4j.simpleLogger.log." + logger;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "warn");
      }
    }
  }

  private static int or(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
