package org.gistsweep.common.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered set of parameters. A parameter's {@code when} may only name parameters declared before
 * it, so sampling in declaration order always knows the values a condition needs.
 */
public record SearchSpace(List<ParameterSpec> parameters) {

  public SearchSpace {
    parameters = List.copyOf(parameters);
  }

  /** The parameters by name, in declaration order. */
  public Map<String, ParameterSpec> byName() {
    Map<String, ParameterSpec> m = new LinkedHashMap<>();
    parameters.forEach(p -> m.put(p.name(), p));
    return m;
  }

  /** Whether the space has no parameters (a single fixed configuration). */
  public boolean isEmpty() {
    return parameters.isEmpty();
  }
}
