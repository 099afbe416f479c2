package org.gistsweep.common.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Strict readers of YAML/JSON trees whose errors name the field and the fix. */
final class Nodes {
  private Nodes() {}

  static void onlyKeys(JsonNode node, Set<String> allowed, String field) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw new SpecException(
            field + "." + key,
            "unknown key; allowed keys here: " + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  static JsonNode required(JsonNode node, String key, String field) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw new SpecException(field + "." + key, "is missing; add it");
    }
    return v;
  }

  static String text(JsonNode node, String key, String field) {
    JsonNode v = required(node, key, field);
    if (!v.isTextual()) {
      throw new SpecException(field + "." + key, "must be text, got " + v);
    }
    return v.asText();
  }

  static double number(JsonNode node, String key, String field) {
    JsonNode v = required(node, key, field);
    if (!v.isNumber()) {
      throw new SpecException(field + "." + key, "must be a number, got " + v);
    }
    return v.asDouble();
  }

  static long whole(JsonNode node, String key, String field) {
    double d = number(node, key, field);
    if (d != Math.rint(d)) {
      throw new SpecException(field + "." + key, "must be a whole number, got " + d);
    }
    if (Math.abs(d) >= 0x1p63) {
      throw new SpecException(field + "." + key, d + " does not fit a 64-bit whole number");
    }
    return (long) d;
  }

  static int positiveInt(JsonNode node, String key, int fallback, String field) {
    if (!node.has(key) || node.get(key).isNull()) {
      return fallback;
    }
    long v = whole(node, key, field);
    if (v < 1 || v > Integer.MAX_VALUE) {
      throw new SpecException(field + "." + key, "must be a whole number >= 1, got " + v);
    }
    return (int) v;
  }

  static boolean bool(JsonNode node, String key, boolean fallback, String field) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw new SpecException(field + "." + key, "must be true or false, got " + v);
    }
    return v.asBoolean();
  }

  static List<Object> scalarList(JsonNode node, String key, String field) {
    JsonNode v = required(node, key, field);
    if (!v.isArray()) {
      throw new SpecException(field + "." + key, "must be a list, e.g. [a, b]");
    }
    return scalars(v, field + "." + key);
  }

  static List<Object> scalars(JsonNode array, String field) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      out.add(scalar(array.get(i), field + "[" + i + "]"));
    }
    return out;
  }

  static Object scalar(JsonNode v, String field) {
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    throw new SpecException(field, "must be text, a number or true/false, got " + v);
  }
}
