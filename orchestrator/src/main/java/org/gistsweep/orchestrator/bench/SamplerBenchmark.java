package org.gistsweep.orchestrator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gistsweep.orchestrator.sampler.tpe.TpeOptions;

/**
 * Benchmark command, not a test: (a) TPE suggest latency at 100 / 1,000 / 10,000 finished trials;
 * (b) sample efficiency of our TPE against Optuna 3.1's TPE (bench/optuna_tpe.py under
 * /usr/bin/python3, in its default and in its multivariate configuration) and random search, on
 * synthetic problems, sequentially and with asynchronous simulated workers, with a Mann-Whitney
 * verdict per problem ({@link EfficiencyReport}); then our other settings, which is how our
 * defaults were picked.
 *
 * <p>Arguments: {@code --seeds N} (default 20), {@code --evals N} (200), {@code --workers N} (8),
 * {@code --jobs N} studies at a time, each with its own Optuna process (2), {@code --quick} (5
 * seeds x 100 evaluations, a smoke run), {@code --no-optuna}, {@code --no-latency}, {@code --script
 * PATH}. The full run (20 seeds x 200) took 16 minutes on two idle cores and about three times that
 * on a shared machine, nearly all of it in Optuna.
 */
public final class SamplerBenchmark {
  private SamplerBenchmark() {}

  /** Runs the benchmark and prints the tables. */
  public static void main(String[] args) throws IOException {
    int seeds = 20;
    int evals = 200;
    int workers = 8;
    int jobs = 2;
    boolean optuna = true;
    boolean latency = true;
    Path script = Path.of("bench/optuna_tpe.py");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seeds" -> seeds = Integer.parseInt(args[++i]);
        case "--evals" -> evals = Integer.parseInt(args[++i]);
        case "--workers" -> workers = Integer.parseInt(args[++i]);
        case "--jobs" -> jobs = Integer.parseInt(args[++i]);
        case "--quick" -> {
          seeds = 5;
          evals = 100;
        }
        case "--no-optuna" -> optuna = false;
        case "--no-latency" -> latency = false;
        case "--script" -> script = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    long start = System.nanoTime();
    if (latency) {
      Latency.print();
    }
    String version = optuna ? optunaVersion(script) : null;
    List<Contender> main = new ArrayList<>();
    main.add(
        Contender.ours(
            "ours",
            "TpeOptions.defaults(): multivariate + group, neighbour-gap widths, constant liar, 10"
                + " startup, 24 candidates, gamma min(ceil(0.1 n), 25), weight ramp, prior weight"
                + " 4, magic clip",
            TpeOptions.defaults()));
    if (version != null) {
      main.add(
          Contender.optuna(
              "optuna-uni",
              "Optuna "
                  + version
                  + " TPESampler() defaults: multivariate=False, constant_liar=False,"
                  + " n_startup_trials=10, n_ei_candidates=24, same gamma and weights,"
                  + " prior_weight=1",
              false,
              false));
      main.add(
          Contender.optuna(
              "optuna-mv",
              "Optuna "
                  + version
                  + " TPESampler(multivariate=True, group=True,"
                  + " constant_liar=True), otherwise defaults (Scott widths)",
              true,
              true));
    }
    main.add(Contender.random());
    List<Contender> settings =
        List.of(
            main.get(0),
            Contender.ours(
                "ours-prior1",
                "defaults with priorWeight=1 (Optuna's prior weight)",
                TpeOptions.defaults().withPriorWeight(1.0)),
            Contender.ours(
                "ours-univariate",
                "defaults with multivariate=false (every parameter on its own)",
                TpeOptions.defaults().withMultivariate(false)),
            Contender.ours(
                "ours-scott",
                "defaults with scott=true (Optuna 2.2-4.x multivariate widths)",
                TpeOptions.defaults().withScott(true)));
    List<Contender> all = new ArrayList<>(main);
    all.addAll(settings.subList(1, settings.size()));
    List<Problems.Problem> problems = Problems.all();
    for (int w : new int[] {1, workers}) {
      double[][][][] r = Efficiency.run(problems, all, seeds, evals, w, jobs, script);
      System.out.printf(
          "(b) %s, %d seeds x %d evaluations, minimise; mean±standard error over seeds%n",
          w == 1 ? "sequential" : w + " asynchronous workers", seeds, evals);
      for (Contender c : main) {
        System.out.printf("    %-16s %s%n", c.name(), c.setting());
      }
      System.out.printf(
          "    verdict: ours against each, Mann-Whitney U two-sided, alpha %.2f, per problem and"
              + " metric: + better, = no significant difference, - worse%n",
          EfficiencyReport.ALPHA);
      if (version != null) {
        System.out.println(
            "    note: Optuna 3.1-3.4's truncnorm.logpdf omits -log(sigma) (optuna#5109, fixed in"
                + " 3.5); it runs as installed");
      }
      System.out.println();
      List<List<String>> worse =
          EfficiencyReport.print(problems, main, slice(r, main.size()), main.size() - 1);
      summary(main, worse, r, problems.size());
      System.out.println("(c) our settings, same studies (how the defaults were picked)");
      for (Contender c : settings) {
        System.out.printf("    %-16s %s%n", c.name(), c.setting());
      }
      System.out.println();
      EfficiencyReport.print(
          problems, settings, settingsSlice(r, main.size(), settings.size()), settings.size() - 1);
    }
    System.out.printf("wall time %.1f min%n", (System.nanoTime() - start) / 6e10);
  }

  private static void summary(
      List<Contender> main, List<List<String>> worse, double[][][][] r, int problems) {
    for (int c = 1; c < main.size(); c++) {
      String name = main.get(c).name();
      if (name.startsWith("optuna")) {
        List<String> w = worse.get(c - 1);
        System.out.printf(
            "ours no worse than %s on every problem: %s%n",
            name, w.isEmpty() ? "yes" : "NO, worse on " + w);
      } else {
        double zb = EfficiencyReport.combined(r, c, 0);
        double za = EfficiencyReport.combined(r, c, 1);
        System.out.printf(
            "ours against %s over all %d problems (Stouffer's z of the per-problem U tests,"
                + " positive = ours better): final best z=%.2f (one-sided p=%.2g), AUC z=%.2f"
                + " (p=%.2g)%n",
            name, problems, zb, MannWhitney.upperTail(zb), za, MannWhitney.upperTail(za));
      }
    }
    System.out.println();
  }

  private static double[][][][] slice(double[][][][] r, int count) {
    double[][][][] out = new double[r.length][][][];
    for (int p = 0; p < r.length; p++) {
      out[p] = Arrays.copyOf(r[p], count);
    }
    return out;
  }

  /** Ours (contender 0) followed by the settings after the main contenders. */
  private static double[][][][] settingsSlice(double[][][][] r, int mainCount, int count) {
    double[][][][] out = new double[r.length][count][][];
    for (int p = 0; p < r.length; p++) {
      out[p][0] = r[p][0];
      for (int c = 1; c < count; c++) {
        out[p][c] = r[p][mainCount + c - 1];
      }
    }
    return out;
  }

  private static String optunaVersion(Path script) {
    if (!Files.exists(Path.of("/usr/bin/python3")) || !Files.exists(script)) {
      System.out.println(
          "Optuna side unavailable (/usr/bin/python3 or "
              + script
              + " missing); ours + random only");
      return null;
    }
    try (OptunaProcess py = new OptunaProcess(script)) {
      return py.version;
    } catch (RuntimeException | IOException e) {
      System.out.println(
          "Optuna side unavailable (apt-get install -y python3-optuna): " + e.getMessage());
      return null;
    }
  }
}
