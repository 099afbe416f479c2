package org.gistsweep.orchestrator.bench;

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
 * 1 categorical): 10 warm-up asks, then 50 timed asks, each followed by a tell (the study grows).
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
    ps.add(new ParameterSpec("act", new CategoricalDistribution(List.of("relu", "gelu", "tanh", "silu")), Map.of()));
    return new SearchSpace(ps);
  }

  static double value(Map<String, Object> p) {
    double s = 0;
    for (int i = 0; i < 6; i++) {
      s += Math.pow((Double) p.get("x" + i) - 1, 2);
    }
    return s + Math.abs(Math.log10((Double) p.get("lr")) + 3) + ((Long) p.get("layers")) * 0.1;
  }

  /** {p50, p99} in milliseconds. */
  static double[] measure(int finished, long seed) {
    SearchSpace space = space();
    Sampler random = Samplers.create(new SamplerSpec("random", seed), Direction.MINIMIZE);
    Sampler tpe = Samplers.create(new SamplerSpec("tpe", seed), Direction.MINIMIZE);
    List<SimTrial> h = new ArrayList<>();
    for (int n = 0; n < finished; n++) {
      Map<String, Object> p = random.suggest(space, n, List.of());
      h.add(new SimTrial(n, TrialState.COMPLETE, p, value(p)));
    }
    double[] ms = new double[50];
    for (int k = 0; k < 60; k++) {
      int n = h.size();
      List<SimTrial> snapshot = List.copyOf(h);
      long t0 = System.nanoTime();
      Map<String, Object> p = tpe.suggest(space, n, snapshot);
      long t1 = System.nanoTime();
      if (k >= 10) {
        ms[k - 10] = (t1 - t0) / 1e6;
      }
      h.add(new SimTrial(n, TrialState.COMPLETE, p, value(p)));
    }
    Arrays.sort(ms);
    return new double[] {ms[24], ms[49]};
  }
}
