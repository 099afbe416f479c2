package org.gistsweep.common.spec;

import java.util.List;
import java.util.Map;

/**
 * One searchable parameter.
 *
 * @param name parameter name (for sweeps: a training setting name)
 * @param distribution where values come from
 * @param when condition: the parameter is active only when each named parameter has one of the
 *     listed values (empty = always active); e.g. {@code when: {peft: lora}}
 */
public record ParameterSpec(
    String name, Distribution distribution, Map<String, List<Object>> when) {

  public ParameterSpec {
    when = Map.copyOf(when);
  }

  /** Whether the condition holds for the values chosen so far. */
  public boolean isActive(Map<String, Object> chosen) {
    for (Map.Entry<String, List<Object>> c : when.entrySet()) {
      Object v = chosen.get(c.getKey());
      if (v == null || c.getValue().stream().noneMatch(allowed -> sameValue(allowed, v))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameValue(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return a.equals(b);
  }
}
