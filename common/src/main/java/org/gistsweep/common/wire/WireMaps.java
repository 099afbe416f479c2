package org.gistsweep.common.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable, order-keeping copies of JSON-like maps (which may hold nulls, unlike Map.copyOf).
 * Whole numbers are widened to {@code Long} and floats to {@code Double}, so a map compares equal
 * after a JSON round trip, whatever numeric types the sender used.
 */
final class WireMaps {
  private WireMaps() {}

  static Map<String, Object> copy(Map<String, Object> source) {
    Map<String, Object> m = new LinkedHashMap<>();
    source.forEach((k, v) -> m.put(k, normalise(v)));
    return Collections.unmodifiableMap(m);
  }

  private static Object normalise(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    return v;
  }
}
