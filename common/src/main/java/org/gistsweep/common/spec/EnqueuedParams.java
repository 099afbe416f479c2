package org.gistsweep.common.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters a person puts first in line ({@code enqueue}, as Optuna's {@code enqueue_trial}):
 * checked against the search space, and merged with a sampled suggestion so that a partial set has
 * the rest sampled.
 */
public final class EnqueuedParams {
  private EnqueuedParams() {}

  /**
   * Checks every parameter against the space and returns them with numbers in the parameter's own
   * type (an {@code int} parameter's {@code 3.0} becomes {@code 3}).
   *
   * @param where dotted path of the params object, e.g. {@code params} or {@code enqueue[0]}
   * @throws SpecException naming {@code where.<name>} for an unknown parameter or a value outside
   *     its range or choices
   */
  public static Map<String, Object> check(SearchSpace space, Map<String, ?> params, String where) {
    if (params.isEmpty()) {
      throw new SpecException(
          where, "is empty; give at least one parameter of the space, e.g. {\"lr\": 0.001}");
    }
    Map<String, ParameterSpec> byName = space.byName();
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : params.entrySet()) {
      String field = where + "." + e.getKey();
      ParameterSpec p = byName.get(e.getKey());
      if (p == null) {
        throw new SpecException(
            field, "is not a parameter of the search space; the space has " + byName.keySet());
      }
      Object v = e.getValue();
      Distribution d = p.distribution();
      if (!d.contains(v)) {
        throw new SpecException(
            field,
            "value "
                + v
                + " is outside the parameter's "
                + describe(d)
                + "; pick a value inside it");
      }
      out.put(
          e.getKey(),
          d instanceof IntDistribution
              ? (Object) ((Number) v).longValue()
              : v instanceof Number n && d instanceof FloatDistribution
                  ? (Object) n.doubleValue()
                  : v);
    }
    return out;
  }

  /**
   * The params of a trial whose sampled suggestion is {@code sampled} and whose enqueued params are
   * {@code fixed}: in the space's order, the fixed value where given, else the sampled one; a
   * parameter whose condition ({@code when}) no longer holds is left out.
   */
  public static Map<String, Object> merge(
      SearchSpace space, Map<String, Object> sampled, Map<String, Object> fixed) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (ParameterSpec p : space.parameters()) {
      if (!p.isActive(out)) {
        continue;
      }
      Object v = fixed.containsKey(p.name()) ? fixed.get(p.name()) : sampled.get(p.name());
      if (v != null) {
        out.put(p.name(), v);
      }
    }
    return out;
  }

  private static String describe(Distribution d) {
    if (d instanceof FloatDistribution f) {
      return "range ["
          + f.low()
          + ", "
          + f.high()
          + "]"
          + (f.step() > 0 ? " with step " + f.step() : "");
    }
    if (d instanceof IntDistribution i) {
      return "range ["
          + i.low()
          + ", "
          + i.high()
          + "]"
          + (i.step() > 1 ? " with step " + i.step() : "");
    }
    return "choices " + ((CategoricalDistribution) d).choices();
  }
}
