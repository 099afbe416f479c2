package org.gistsweep.common.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable, order-keeping copies of JSON-like maps (which may hold nulls, unlike Map.copyOf). */
final class WireMaps {
  private WireMaps() {}

  static Map<String, Object> copy(Map<String, Object> source) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(source));
  }
}
