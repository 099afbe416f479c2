package org.gistsweep.common.spec;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gistsweep.common.trial.Direction;

/**
 * Writes a {@link SweepSpec} back into the document its parser reads: a sweep file's mapping for
 * {@link SweepSpecParser}, or an ask/tell body for {@link AskTellSpecParser}. Parsing what this
 * writes gives an equal spec, so a spec can be stored (the orchestrator's journal) and read back.
 * Only the keys a parser accepts for each pruner type are written.
 */
public final class SweepSpecWriter {
  private SweepSpecWriter() {}

  /**
   * A sweep file's mapping: name, objectives, budget, sampler, pruner, training, space, enqueue,
   * retain.
   */
  public static Map<String, Object> sweepDocument(SweepSpec spec) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", spec.name());
    m.put("objectives", spec.objectives().stream().map(SweepSpecWriter::objective).toList());
    m.put("budget", budget(spec.budget()));
    m.put("sampler", sampler(spec.sampler()));
    m.put("pruner", pruner(spec.pruner()));
    m.put("training", new LinkedHashMap<>(spec.training()));
    m.put("space", space(spec.space()));
    if (!spec.enqueue().isEmpty()) {
      m.put("enqueue", spec.enqueue());
    }
    m.put("retain", Map.of("best", spec.retain().best()));
    return m;
  }

  /** An ask/tell body: name, directions, space, sampler, pruner and (when bounded) trials. */
  public static Map<String, Object> askTellDocument(SweepSpec spec) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", spec.name());
    m.put("directions", spec.directions().stream().map(Direction::wireName).toList());
    m.put("space", space(spec.space()));
    m.put("sampler", sampler(spec.sampler()));
    m.put("pruner", pruner(spec.pruner()));
    if (spec.budget().trials() != Integer.MAX_VALUE) {
      m.put("trials", spec.budget().trials());
    }
    return m;
  }

  /** {@code {metric, direction}}. */
  public static Map<String, Object> objective(Objective o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("metric", o.metric());
    m.put("direction", o.direction().wireName());
    return m;
  }

  /** The {@code budget} mapping. */
  public static Map<String, Object> budget(Budget b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("trials", b.trials());
    m.put("parallel", b.parallel());
    m.put("epochs", b.epochs());
    m.put("max_attempts", b.maxAttempts());
    return m;
  }

  /** The {@code sampler} mapping. */
  public static Map<String, Object> sampler(SamplerSpec s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", s.type());
    m.put("seed", s.seed());
    return m;
  }

  /** The {@code space} mapping, parameters in declaration order. */
  public static Map<String, Object> space(SearchSpace space) {
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

  /** The {@code pruner} mapping, with only the keys its type takes. */
  public static Map<String, Object> pruner(PrunerSpec p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", p.type());
    switch (p.type()) {
      case "median", "percentile" -> {
        m.put("n_startup_trials", p.nStartupTrials());
        m.put("n_warmup_steps", p.nWarmupSteps());
        m.put("n_min_trials", p.nMinTrials());
        if (p.type().equals("percentile")) {
          m.put("percentile", p.percentile());
        }
      }
      case "asha" -> {
        m.put("min_resource", p.minResource());
        m.put("reduction_factor", p.reductionFactor());
        m.put("min_early_stopping_rate", p.minEarlyStoppingRate());
        if (p.promotes()) {
          m.put("mode", p.mode());
        }
      }
      case "hyperband" -> {
        m.put("min_resource", p.minResource());
        m.put("reduction_factor", p.reductionFactor());
        m.put("max_resource", p.maxResource());
      }
      default -> {}
    }
    return m;
  }
}
