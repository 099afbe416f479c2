package org.gistsweep.orchestrator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.spec.SamplerSpec;
import org.gistsweep.common.trial.Direction;
import org.gistsweep.orchestrator.sampler.Samplers;

/**
 * Benchmark command, not a test: (a) TPE suggest latency at 100 / 1,000 / 10,000 finished trials;
 * (b) sample efficiency of our TPE, Optuna's TPE (bench/optuna_tpe.py under /usr/bin/python3) and
 * random search on synthetic problems, sequentially and with asynchronous simulated workers.
 *
 * <p>Arguments: {@code --seeds N} (default 20), {@code --evals N} (200), {@code --workers N} (8),
 * {@code --quick} (5 seeds), {@code --no-optuna}, {@code --no-latency}, {@code --script PATH}.
 */
public final class SamplerBenchmark {
  private SamplerBenchmark() {}

  /** Runs the benchmark and prints the tables. */
  public static void main(String[] args) throws IOException {
    int seeds = 20;
    int evals = 200;
    int workers = 8;
    boolean optuna = true;
    boolean latency = true;
    Path script = Path.of("bench/optuna_tpe.py");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seeds" -> seeds = Integer.parseInt(args[++i]);
        case "--evals" -> evals = Integer.parseInt(args[++i]);
        case "--workers" -> workers = Integer.parseInt(args[++i]);
        case "--quick" -> seeds = 5;
        case "--no-optuna" -> optuna = false;
        case "--no-latency" -> latency = false;
        case "--script" -> script = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (latency) {
      System.out.println("(a) TPE suggest latency, 10 params (6 float, 1 log float, 2 int, 1 categorical), 50 asks");
      System.out.printf("%10s %10s %10s%n", "finished", "p50 ms", "p99 ms");
      for (int n : new int[] {100, 1_000, 10_000}) {
        double[] p = Latency.measure(n, 1);
        System.out.printf("%10d %10.3f %10.3f%n", n, p[0], p[1]);
      }
      System.out.println();
    }
    OptunaProcess py = null;
    if (optuna) {
      if (!Files.exists(Path.of("/usr/bin/python3")) || !Files.exists(script)) {
        System.out.println("Optuna side unavailable (/usr/bin/python3 or " + script + " missing); ours + random only");
      } else {
        try {
          py = new OptunaProcess(script);
        } catch (RuntimeException | IOException e) {
          System.out.println("Optuna side unavailable (apt-get install -y python3-optuna): " + e.getMessage());
        }
      }
    }
    try {
      for (int w : new int[] {1, workers}) {
        efficiency(py, seeds, evals, w);
      }
    } finally {
      if (py != null) {
        py.close();
      }
    }
  }

  private static void efficiency(OptunaProcess py, int seeds, int evals, int workers) {
    System.out.printf(
        "(b) %s, %d seeds x %d evaluations; final best and AUC (mean best-so-far), means over seeds (minimise)%n",
        workers == 1 ? "sequential" : workers + " async workers (constant liar)", seeds, evals);
    List<String> methods = new ArrayList<>(List.of("tpe", "random"));
    if (py != null) {
      methods.add(1, "optuna-" + py.version);
    }
    StringBuilder head = new StringBuilder(String.format("%-20s", "problem"));
    for (String m : methods) {
      head.append(String.format(" %14s %14s", m + " best", "auc"));
    }
    System.out.println(head);
    for (Problems.Problem pr : Problems.all()) {
      Map<String, double[]> sums = new LinkedHashMap<>();
      for (long seed = 0; seed < seeds; seed++) {
        for (String m : methods) {
          Asker a = m.startsWith("optuna") ? py.study(pr.space(), seed, true, true)
              : Asker.of(Samplers.create(new SamplerSpec(m, seed), Direction.MINIMIZE), pr.space());
          double[] c = Simulation.run(a, pr.f(), evals, workers, seed);
          double auc = 0;
          for (double v : c) {
            auc += v / c.length;
          }
          double[] s = sums.computeIfAbsent(m, k -> new double[2]);
          s[0] += c[c.length - 1] / seeds;
          s[1] += auc / seeds;
        }
      }
      StringBuilder row = new StringBuilder(String.format("%-20s", pr.name()));
      for (String m : methods) {
        row.append(String.format(" %14.4f %14.4f", sums.get(m)[0], sums.get(m)[1]));
      }
      System.out.println(row);
    }
    System.out.println();
  }
}
