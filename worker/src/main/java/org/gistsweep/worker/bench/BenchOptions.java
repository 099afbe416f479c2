package org.gistsweep.worker.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Settings of a training benchmark run.
 *
 * @param workDir where the synthetic data set is generated and the built-in backbone extracted
 * @param epochs epochs per run (at least 10 for the memory-flatness row)
 * @param batchSize images per step
 * @param threads intra-op threads for both engines
 * @param python the Python interpreter that has torch (Debian's {@code /usr/bin/python3})
 * @param torchScript the PyTorch side, {@code bench/torch_train_bench.py} of the repository
 * @param childTimeout wall-clock limit of each child process
 * @param childHeap Java heap of the DJL child JVMs, e.g. {@code 256m} (fixed and pre-touched)
 */
public record BenchOptions(
    Path workDir,
    int epochs,
    int batchSize,
    int threads,
    Path python,
    Path torchScript,
    Duration childTimeout,
    String childHeap) {

  /** Rejects inconsistent values. */
  public BenchOptions {
    if (epochs < 2 || batchSize < 1 || threads < 1) {
      throw new IllegalArgumentException("need epochs >= 2, batch size >= 1 and threads >= 1");
    }
  }

  /** The defaults: 10 epochs of batch 32 on 1 thread, work folder under the temp dir. */
  public static BenchOptions defaults() {
    return new BenchOptions(Path.of(System.getProperty("java.io.tmpdir"), "gist-sweep-bench"), 10, 32, 1,
        Path.of("/usr/bin/python3"), Path.of("bench", "torch_train_bench.py"), Duration.ofMinutes(15), "256m");
  }

  /** The usage text of {@link #parse}. */
  public static String usage() {
    return String.join("\n",
        "usage: TrainingBenchmark [--epochs N] [--batch-size N] [--threads N] [--work DIR]",
        "                         [--python FILE] [--torch-script FILE] [--timeout-minutes N] [--child-heap SIZE]",
        "defaults: 10 epochs, batch 32, 1 thread, /usr/bin/python3, bench/torch_train_bench.py");
  }

  /**
   * Parses {@code --name value} pairs over the defaults.
   *
   * @throws IllegalArgumentException on an unknown option or a bad value, with the usage text
   */
  public static BenchOptions parse(String[] args) {
    BenchOptions o = defaults();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value\n" + usage());
      }
      String v = args[i + 1];
      o = switch (args[i].toLowerCase(Locale.ROOT)) {
        case "--epochs" -> new BenchOptions(o.workDir, Integer.parseInt(v), o.batchSize, o.threads, o.python,
            o.torchScript, o.childTimeout, o.childHeap);
        case "--batch-size" -> new BenchOptions(o.workDir, o.epochs, Integer.parseInt(v), o.threads, o.python,
            o.torchScript, o.childTimeout, o.childHeap);
        case "--threads" -> new BenchOptions(o.workDir, o.epochs, o.batchSize, Integer.parseInt(v), o.python,
            o.torchScript, o.childTimeout, o.childHeap);
        case "--work" -> new BenchOptions(Path.of(v), o.epochs, o.batchSize, o.threads, o.python, o.torchScript,
            o.childTimeout, o.childHeap);
        case "--python" -> new BenchOptions(o.workDir, o.epochs, o.batchSize, o.threads, Path.of(v), o.torchScript,
            o.childTimeout, o.childHeap);
        case "--torch-script" -> new BenchOptions(o.workDir, o.epochs, o.batchSize, o.threads, o.python, Path.of(v),
            o.childTimeout, o.childHeap);
        case "--timeout-minutes" -> new BenchOptions(o.workDir, o.epochs, o.batchSize, o.threads, o.python,
            o.torchScript, Duration.ofMinutes(Long.parseLong(v)), o.childHeap);
        case "--child-heap" -> new BenchOptions(o.workDir, o.epochs, o.batchSize, o.threads, o.python,
            o.torchScript, o.childTimeout, v);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + usage());
      };
    }
    return o;
  }
}
