package org.gistsweep.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code NAME=VALUE} pairs from the command line, with numbers and booleans typed as in YAML. */
final class ParamValues {
  private ParamValues() {}

  static Map<String, Object> parse(List<String> pairs) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq < 1 || eq == pair.length() - 1) {
        throw new InvalidConfigException(
            "--param " + pair + ": write NAME=VALUE, e.g. --param lr=0.001");
      }
      String name = pair.substring(0, eq).strip();
      if (out.containsKey(name)) {
        throw new InvalidConfigException(
            "--param " + name + " is given twice; give each parameter once");
      }
      out.put(name, value(pair.substring(eq + 1).strip()));
    }
    return out;
  }

  static Object value(String text) {
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException notLong) {
      try {
        return Double.parseDouble(text);
      } catch (NumberFormatException notDouble) {
        return text;
      }
    }
  }
}
