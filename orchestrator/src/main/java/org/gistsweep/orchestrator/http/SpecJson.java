package org.gistsweep.orchestrator.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gistsweep.common.spec.Budget;
import org.gistsweep.common.spec.PrunerSpec;
import org.gistsweep.common.spec.SearchSpace;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.spec.SweepSpecWriter;

/** The JSON form of the parts of a sweep spec that the API shows (same keys as sweep files). */
final class SpecJson {
  private SpecJson() {}

  static Map<String, Object> budget(Budget b) {
    return SweepSpecWriter.budget(b);
  }

  static Map<String, Object> space(SearchSpace space) {
    return SweepSpecWriter.space(space);
  }

  /**
   * The sweep file's pruner keys, plus the effective percentile and max_resource the API always
   * showed.
   */
  static Map<String, Object> pruner(PrunerSpec p) {
    Map<String, Object> m = SweepSpecWriter.pruner(p);
    switch (p.type()) {
      case "median" -> m.put("percentile", p.percentile());
      case "asha" -> m.put("max_resource", p.maxResource());
      default -> {}
    }
    return m;
  }

  /** The summary's companion for {@code GET /api/studies/{id}}: space, training and objective. */
  static Map<String, Object> details(SweepSpec spec) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "objective",
        Map.of(
            "metric",
            spec.objective().metric(),
            "direction",
            spec.objective().direction().wireName()));
    m.put(
        "objectives",
        spec.objectives().stream()
            .map(o -> Map.of("metric", o.metric(), "direction", o.direction().wireName()))
            .toList());
    m.put("pruner", pruner(spec.pruner()));
    m.put("budget", budget(spec.budget()));
    m.put("training", spec.training());
    m.put("space", space(spec.space()));
    m.put("retain", Map.of("best", spec.retain().best()));
    return m;
  }
}
