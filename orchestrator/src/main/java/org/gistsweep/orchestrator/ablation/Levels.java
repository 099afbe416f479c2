package org.gistsweep.orchestrator.ablation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parameter values as the table compares them: one canonical string per value, so a study read from
 * its JSON file and from memory group the same way ({@code 1}, {@code 1L} and {@code 1.0} are all
 * {@code "1"}; {@code 1.0E-4} is {@code "0.0001"}).
 */
final class Levels {
  /** How a parameter that a trial lacks (a conditional one) is shown. */
  static final String ABSENT = "(none)";

  private Levels() {}

  static String canonical(Object v) {
    if (v == null) {
      return ABSENT;
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d)
          ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()
          : String.valueOf(d);
    }
    if (v instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(v);
  }

  /** Every parameter but {@code drop}, canonical, sorted by name. */
  static Map<String, String> without(Map<String, Object> params, Collection<String> drop) {
    Map<String, String> key = new TreeMap<>();
    params.forEach(
        (k, v) -> {
          if (!drop.contains(k)) {
            key.put(k, canonical(v));
          }
        });
    return key;
  }

  /** Booleans {@code true} first; all-numeric levels by value; otherwise by name. */
  static List<String> sorted(Collection<String> levels) {
    List<String> out = new ArrayList<>(levels);
    if (out.stream().allMatch(l -> l.equals("true") || l.equals("false"))) {
      out.sort(Comparator.comparing((String l) -> !l.equals("true")));
    } else if (out.stream().allMatch(Levels::isNumber)) {
      out.sort(Comparator.comparing(BigDecimal::new));
    } else {
      out.sort(Comparator.naturalOrder());
    }
    return out;
  }

  private static boolean isNumber(String s) {
    try {
      new BigDecimal(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
