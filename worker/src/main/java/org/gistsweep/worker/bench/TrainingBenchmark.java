package org.gistsweep.worker.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Training benchmark: the shipped vit-tiny with the GIST reference adapter, trained in DJL (the
 * worker's own trainer) and in PyTorch eager ({@code bench/torch_train_bench.py} under Debian's
 * torch with OpenBLAS), GIST on and off, at the same thread count. Every run is a separate child
 * process (a JVM for DJL, {@code /usr/bin/python3} for PyTorch) so that its peak RSS is its own.
 * Prints one table: img/s, peak RSS, RSS after epochs 2 and 10, the DJL/PyTorch ratio, the GIST
 * overhead and the memory flatness against their targets (DJL >= 1.0x PyTorch, overhead <= 3%, RSS
 * within 5%).
 *
 * <p>Usage: {@code java -cp <worker classpath> org.gistsweep.worker.bench.TrainingBenchmark
 * [--epochs 10] [--batch-size 32] [--threads 1] [--work DIR] [--python /usr/bin/python3]
 * [--torch-script bench/torch_train_bench.py] [--tuned-malloc true]}; the DJL children run with
 * {@link BenchOptions#TUNED_MALLOC}, as the launcher and the images run workers, unless {@code
 * --tuned-malloc false} (glibc's defaults). When the Python side cannot run (no interpreter, no
 * script, no torch) its rows print as n/a with the reason.
 */
public final class TrainingBenchmark {
  private static final String CHILD = "--child-djl";

  private TrainingBenchmark() {}

  /**
   * Runs the benchmark from command-line options (see {@link BenchOptions#usage()}).
   *
   * @param args options; {@code --child-djl on|off ...} is the internal child mode
   */
  public static void main(String[] args) {
    try {
      if (args.length > 1 && args[0].equals(CHILD)) {
        BenchOptions o = BenchOptions.parse(Arrays.copyOfRange(args, 2, args.length));
        System.out.println(DjlRun.run(o, args[1].equals("on")).toLine());
        System.exit(0);
      }
      System.exit(run(BenchOptions.parse(args), System.out));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }

  /**
   * Runs the four measurements and prints the table to {@code out}.
   *
   * @return 0 when every DJL run succeeded (a missing PyTorch side is reported, not an error), else
   *     1
   */
  public static int run(BenchOptions o, PrintStream out) {
    DjlRun.prepareData(o.workDir());
    String why = torchUnavailable(o);
    RunResult[] r = new RunResult[4];
    boolean ok = true;
    for (int i = 0; i < 4; i++) {
      boolean gist = i % 2 == 0;
      boolean djl = i < 2;
      if (!djl && why != null) {
        continue;
      }
      out.printf("running %s, GIST %s ...%n", djl ? "DJL" : "PyTorch", gist ? "on" : "off");
      try {
        r[i] =
            djl
                ? ChildProcess.run(djlCommand(o, gist), djlEnvironment(o), o)
                : ChildProcess.run(torchCommand(o, gist), Map.of(), o);
      } catch (IllegalStateException e) {
        out.println("  failed: " + e.getMessage());
        ok &= !djl;
      }
    }
    out.println();
    out.print(BenchTable.format(o, r[0], r[1], r[2], r[3], why));
    return ok ? 0 : 1;
  }

  private static Map<String, String> djlEnvironment(BenchOptions o) {
    Map<String, String> env = new HashMap<>(Map.of("DJL_OFFLINE", "true"));
    if (o.tunedMalloc()) {
      env.putAll(BenchOptions.TUNED_MALLOC);
    } else {
      BenchOptions.TUNED_MALLOC
          .keySet()
          .forEach(k -> env.put(k, null)); // not inherited from the launcher
    }
    return env;
  }

  private static List<String> djlCommand(BenchOptions o, boolean gist) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // a fixed, pre-touched heap: RSS growth over the epochs is then native memory, not heap warm-up
    return new ArrayList<>(
        List.of(
            java.toString(),
            "-Xms" + o.childHeap(),
            "-Xmx" + o.childHeap(),
            "-XX:+AlwaysPreTouch",
            "-Dai.djl.offline=true",
            "-cp",
            System.getProperty("java.class.path"),
            TrainingBenchmark.class.getName(),
            CHILD,
            gist ? "on" : "off",
            "--epochs",
            Integer.toString(o.epochs()),
            "--batch-size",
            Integer.toString(o.batchSize()),
            "--threads",
            Integer.toString(o.threads()),
            "--work",
            o.workDir().toString(),
            "--tuned-malloc",
            Boolean.toString(o.tunedMalloc())));
  }

  private static List<String> torchCommand(BenchOptions o, boolean gist) {
    return List.of(
        o.python().toString(),
        o.torchScript().toString(),
        "--gist",
        gist ? "1" : "0",
        "--epochs",
        Integer.toString(o.epochs()),
        "--batch-size",
        Integer.toString(o.batchSize()),
        "--threads",
        Integer.toString(o.threads()));
  }

  /** Why the PyTorch side cannot run, or null when it can be tried. */
  private static String torchUnavailable(BenchOptions o) {
    if (!Files.isExecutable(o.python())) {
      return "no " + o.python() + "; install Debian's python3-torch and libopenblas0-pthread";
    }
    if (!Files.isRegularFile(o.torchScript())) {
      return "no " + o.torchScript() + "; run from the repository root or pass --torch-script";
    }
    return null;
  }
}
