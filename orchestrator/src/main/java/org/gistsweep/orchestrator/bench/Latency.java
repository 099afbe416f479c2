package org.gistsweep.orchestrator.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.spec.CategoricalDistribution;
import org.gistsweep.common.spec.FloatDistribution;
import org.gistsweep.common.spec.IntDistribution;
import org.gistsweep.common.spec.ParameterSpec;
import org.gistsweep.common.spec.SamplerSpec;
import org.gistsweep.common.spec.SearchSpace;
import org.gistsweep.common.trial.Direction;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.sampler.Sampler;
import org.gistsweep.orchestrator.sampler.Samplers;

/**
 * Suggest latency of TPE with N finished trials over 10 parameters (6 floats, 1 log float, 2 ints,
 * 1 categorical): untimed asks, then timed asks, each followed by a tell (the study grows by one).
 */
final class Latency {
  private Latency() {}

  static SearchSpace space() {
    List<ParameterSpec> ps = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ps.add(new ParameterSpec("x" + i, new FloatDistribution(-5, 5, false, 0), Map.of()));
    }
    ps.add(new ParameterSpec("lr", new FloatDistribution(1e-5, 1, true, 0), Map.of()));
    ps.add(new ParameterSpec("layers", new IntDistribution(1, 12, false, 1), Map.of()));
    ps.add(new ParameterSpec("width", new IntDistribution(16, 1024, true, 1), Map.of()));
    ps.add(
        new ParameterSpec(
            "act", new CategoricalDistribution(List.of("relu", "gelu", "tanh", "silu")), Map.of()));
    return new SearchSpace(ps);
  }

  static double value(Map<String, Object> p) {
    double s = 0;
    for (int i = 0; i < 6; i++) {
      s += Math.pow((Double) p.get("x" + i) - 1, 2);
    }
    return s + Math.abs(Math.log10((Double) p.get("lr")) + 3) + ((Long) p.get("layers")) * 0.1;
  }

  /** Prints the latency table: a JIT warm-up study first, then each size. */
  static void print() {
    measure(1_000, 7, 300, 0);
    System.out.println(
        "(a) TPE suggest latency (default options), 10 params (6 float, 1 log float, 2 int, 1"
            + " categorical); 100 timed asks after 20 untimed, each followed by a tell");
    System.out.println(
        "    targets: p50 <= 2 ms at 1,000 finished trials, <= 10 ms at 10,000; cpu = the asking"
            + " thread's CPU time (less sensitive to other load on the machine)");
    System.out.printf("%10s %12s %12s %12s%n", "finished", "p50 ms", "p99 ms", "cpu p50 ms");
    for (int n : new int[] {100, 1_000, 10_000}) {
      double[] p = measure(n, 1, 20, 100);
      System.out.printf("%10d %12.3f %12.3f %12.3f%n", n, p[0], p[1], p[2]);
    }
    System.out.println();
  }

  /**
   * {p50, p99, cpu p50} in milliseconds over {@code timed} asks after {@code warm} untimed ones.
   */
  static double[] measure(int finished, long seed, int warm, int timed) {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    SearchSpace space = space();
    Sampler random = Samplers.create(new SamplerSpec("random", seed), Direction.MINIMIZE);
    Sampler tpe = Samplers.create(new SamplerSpec("tpe", seed), Direction.MINIMIZE);
    List<SimTrial> h = new ArrayList<>();
    for (int n = 0; n < finished; n++) {
      Map<String, Object> p = random.suggest(space, n, List.of());
      h.add(new SimTrial(n, TrialState.COMPLETE, p, value(p)));
    }
    double[] ms = new double[Math.max(timed, 1)];
    double[] cpuMs = new double[ms.length];
    for (int k = 0; k < warm + timed; k++) {
      int n = h.size();
      List<SimTrial> snapshot = List.copyOf(h);
      long c0 = cpu.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Map<String, Object> p = tpe.suggest(space, n, snapshot);
      long t1 = System.nanoTime();
      long c1 = cpu.getCurrentThreadCpuTime();
      if (k >= warm) {
        ms[k - warm] = (t1 - t0) / 1e6;
        cpuMs[k - warm] = (c1 - c0) / 1e6;
      }
      h.add(new SimTrial(n, TrialState.COMPLETE, p, value(p)));
    }
    Arrays.sort(ms);
    Arrays.sort(cpuMs);
    return new double[] {
      ms[(ms.length - 1) / 2],
      ms[(int) Math.ceil(0.99 * ms.length) - 1],
      cpuMs[(cpuMs.length - 1) / 2]
    };
  }
}
