package org.gistsweep.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.gistsweep.orchestrator.bench.SamplerBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gist-sweep bench-sampler}: TPE suggest latency, and sample efficiency side by side with
 * Optuna 3.1's TPE (Debian's python3-optuna, run with /usr/bin/python3; its default and its
 * multivariate configuration) and random search, with a Mann-Whitney verdict per problem.
 */
@Command(
    name = "bench-sampler",
    mixinStandardHelpOptions = true,
    description =
        "Benchmark the TPE sampler: latency table, and sample efficiency against Optuna 3.1 and"
            + " random search.")
final class BenchSamplerCommand implements Callable<Integer> {
  @Option(names = "--seeds", description = "Seeds per problem (default: 20).")
  Integer seeds;

  @Option(names = "--evals", description = "Evaluations per run (default: 200).")
  Integer evals;

  @Option(names = "--workers", description = "Simulated asynchronous workers (default: 8).")
  Integer workers;

  @Option(
      names = "--jobs",
      description =
          "Studies run at a time, each Optuna one in its own Python process (default: 2).")
  Integer jobs;

  @Option(
      names = "--quick",
      description = "5 seeds x 100 evaluations (a smoke run; the full run takes 16-50 minutes).")
  boolean quick;

  @Option(names = "--no-optuna", description = "Skip the Optuna side.")
  boolean noOptuna;

  @Option(names = "--no-latency", description = "Skip the latency table.")
  boolean noLatency;

  @Override
  public Integer call() throws IOException {
    List<String> args = new ArrayList<>();
    if (quick) {
      args.add("--quick");
    }
    add(args, "--seeds", seeds);
    add(args, "--evals", evals);
    add(args, "--workers", workers);
    add(args, "--jobs", jobs);
    if (noOptuna) {
      args.add("--no-optuna");
    }
    if (noLatency) {
      args.add("--no-latency");
    }
    SamplerBenchmark.main(args.toArray(String[]::new));
    return 0;
  }

  private static void add(List<String> args, String name, Integer value) {
    if (value != null) {
      args.add(name);
      args.add(value.toString());
    }
  }
}
