package org.gistsweep.orchestrator.ablation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trial as the ablation table reads it.
 *
 * @param number the trial number
 * @param state the trial state's name, e.g. {@code COMPLETE}
 * @param params the sampled parameters
 * @param best the objective, best over epochs (the study's value), or {@code null}
 * @param last the objective of the last recorded epoch, or {@code null}
 */
public record AblationTrial(
    int number, String state, Map<String, Object> params, Double best, Double last) {
  public AblationTrial {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    best = finiteOrNull(best);
    last = finiteOrNull(last);
  }

  /** The value the table uses for this trial, or {@code null}. */
  Double value(ValueKind kind) {
    return kind == ValueKind.BEST ? best : last;
  }

  private static Double finiteOrNull(Double d) {
    return d == null || !Double.isFinite(d) ? null : d;
  }
}
