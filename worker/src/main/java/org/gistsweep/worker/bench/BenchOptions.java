package org.gistsweep.worker.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

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
 * @param tunedMalloc whether the DJL children run with {@link #TUNED_MALLOC} in their environment
 *     (as the launcher and the images run workers) or with glibc's defaults
 */
public record BenchOptions(
    Path workDir,
    int epochs,
    int batchSize,
    int threads,
    Path python,
    Path torchScript,
    Duration childTimeout,
    String childHeap,
    boolean tunedMalloc) {

  /**
   * glibc malloc settings that stop libtorch's large activation buffers from being mapped and
   * unmapped (or trimmed) on every step when it runs on a JVM thread, which uses a secondary malloc
   * arena: large blocks then stay in the heap and are reused.
   */
  public static final Map<String, String> TUNED_MALLOC =
      Map.of("MALLOC_MMAP_THRESHOLD_", "33554432", "MALLOC_TRIM_THRESHOLD_", "1073741824");

  /** Rejects inconsistent values. */
  public BenchOptions {
    if (epochs < 2 || batchSize < 1 || threads < 1) {
      throw new IllegalArgumentException("need epochs >= 2, batch size >= 1 and threads >= 1");
    }
  }

  /**
   * The defaults: 10 epochs of batch 32 on 1 thread, tuned glibc malloc (as workers run), work
   * folder under the temp dir.
   */
  public static BenchOptions defaults() {
    return new BenchOptions(
        Path.of(System.getProperty("java.io.tmpdir"), "gist-sweep-bench"),
        10,
        32,
        1,
        Path.of("/usr/bin/python3"),
        Path.of("bench", "torch_train_bench.py"),
        Duration.ofMinutes(15),
        "256m",
        true);
  }

  /** The usage text of {@link #parse}. */
  public static String usage() {
    return String.join(
        "\n",
        "usage: TrainingBenchmark [--epochs N] [--batch-size N] [--threads N] [--work DIR]",
        "                         [--python FILE] [--torch-script FILE] [--timeout-minutes N]"
            + " [--child-heap SIZE]",
        "                         [--tuned-malloc true|false]",
        "defaults: 10 epochs, batch 32, 1 thread, /usr/bin/python3, bench/torch_train_bench.py,"
            + " tuned malloc");
  }

  /**
   * Parses {@code --name value} pairs over the defaults.
   *
   * @throws IllegalArgumentException on an unknown option or a bad value, with the usage text
   */
  public static BenchOptions parse(String[] args) {
    BenchOptions d = defaults();
    Path workDir = d.workDir;
    int epochs = d.epochs;
    int batchSize = d.batchSize;
    int threads = d.threads;
    Path python = d.python;
    Path torchScript = d.torchScript;
    Duration timeout = d.childTimeout;
    String heap = d.childHeap;
    boolean tuned = d.tunedMalloc;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value\n" + usage());
      }
      String v = args[i + 1];
      switch (args[i].toLowerCase(Locale.ROOT)) {
        case "--epochs" -> epochs = Integer.parseInt(v);
        case "--batch-size" -> batchSize = Integer.parseInt(v);
        case "--threads" -> threads = Integer.parseInt(v);
        case "--work" -> workDir = Path.of(v);
        case "--python" -> python = Path.of(v);
        case "--torch-script" -> torchScript = Path.of(v);
        case "--timeout-minutes" -> timeout = Duration.ofMinutes(Long.parseLong(v));
        case "--child-heap" -> heap = v;
        case "--tuned-malloc" -> tuned = Boolean.parseBoolean(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + usage());
      }
    }
    return new BenchOptions(
        workDir, epochs, batchSize, threads, python, torchScript, timeout, heap, tuned);
  }
}
