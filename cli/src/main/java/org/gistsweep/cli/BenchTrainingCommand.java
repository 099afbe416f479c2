package org.gistsweep.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.gistsweep.worker.bench.BenchOptions;
import org.gistsweep.worker.bench.TrainingBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./gist-sweep bench-training}: training images/s and peak RSS of the GIST-adapter tiny ViT
 * in DJL and in PyTorch eager (Debian's python3-torch), at 1 thread, side by side; and GIST's
 * overhead over the same PEFT without it. Each run is its own child process.
 */
@Command(
    name = "bench-training",
    mixinStandardHelpOptions = true,
    description =
        "Benchmark GIST training: DJL vs PyTorch eager img/s and RSS, and GIST overhead. Options"
            + " are passed on; try --help-options.")
final class BenchTrainingCommand implements Callable<Integer> {
  @Unmatched List<String> options = new ArrayList<>();

  @Override
  public Integer call() {
    if (options.contains("--help-options")) {
      System.out.println(BenchOptions.usage());
      return 0;
    }
    return TrainingBenchmark.run(BenchOptions.parse(options.toArray(String[]::new)), System.out);
  }
}
