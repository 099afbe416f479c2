package org.gistsweep.orchestrator.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gistsweep.common.spec.Budget;
import org.gistsweep.common.spec.CategoricalDistribution;
import org.gistsweep.common.spec.FloatDistribution;
import org.gistsweep.common.spec.IntDistribution;
import org.gistsweep.common.spec.ParameterSpec;
import org.gistsweep.common.spec.PrunerSpec;
import org.gistsweep.common.spec.SearchSpace;
import org.gistsweep.common.spec.SweepSpec;

/** The JSON form of the parts of a sweep spec that the API shows (same keys as sweep files). */
final class SpecJson {
  private SpecJson() {}

  static Map<String, Object> budget(Budget b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("trials", b.trials());
    m.put("parallel", b.parallel());
    m.put("epochs", b.epochs());
    m.put("max_attempts", b.maxAttempts());
    return m;
  }

  static Map<String, Object> space(SearchSpace space) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (ParameterSpec p : space.parameters()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("type", p.distribution().typeName());
      if (p.distribution() instanceof FloatDistribution f) {
        d.put("low", f.low());
        d.put("high", f.high());
        d.put("log", f.log());
        if (f.step() > 0) {
          d.put("step", f.step());
        }
      } else if (p.distribution() instanceof IntDistribution i) {
        d.put("low", i.low());
        d.put("high", i.high());
        d.put("log", i.log());
        d.put("step", i.step());
      } else if (p.distribution() instanceof CategoricalDistribution c) {
        d.put("choices", c.choices());
      }
      if (!p.when().isEmpty()) {
        d.put("when", p.when());
      }
      m.put(p.name(), d);
    }
    return m;
  }

  static Map<String, Object> pruner(PrunerSpec p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", p.type());
    switch (p.type()) {
      case "median", "percentile" -> {
        m.put("n_startup_trials", p.nStartupTrials());
        m.put("n_warmup_steps", p.nWarmupSteps());
        m.put("n_min_trials", p.nMinTrials());
        m.put("percentile", p.percentile());
      }
      case "asha", "hyperband" -> {
        m.put("min_resource", p.minResource());
        m.put("reduction_factor", p.reductionFactor());
        m.put("min_early_stopping_rate", p.minEarlyStoppingRate());
        m.put("max_resource", p.maxResource());
      }
      default -> {}
    }
    return m;
  }

  /** The summary's companion for {@code GET /api/studies/{id}}: space, training and objective. */
  static Map<String, Object> details(SweepSpec spec) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("objective", Map.of("metric", spec.objective().metric(), "direction", spec.objective().direction().wireName()));
    m.put("objectives", spec.objectives().stream()
        .map(o -> Map.of("metric", o.metric(), "direction", o.direction().wireName())).toList());
    m.put("pruner", pruner(spec.pruner()));
    m.put("budget", budget(spec.budget()));
    m.put("training", spec.training());
    m.put("space", space(spec.space()));
    return m;
  }
}
