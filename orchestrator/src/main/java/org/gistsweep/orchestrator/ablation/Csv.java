package org.gistsweep.orchestrator.ablation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * RFC 4180 fields. Text that a spreadsheet would run as a formula (starting with {@code =}, {@code
 * +}, {@code -}, {@code @}, tab or carriage return, and not a number) gets a leading {@code '}.
 * Numbers are written in full precision; undefined ones are empty.
 */
final class Csv {
  private Csv() {}

  static String line(List<String> fields) {
    return fields.stream().map(Csv::quote).collect(Collectors.joining(",")) + "\r\n";
  }

  static String text(String s) {
    if (s == null) {
      return "";
    }
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !isNumber(s)) {
      return "'" + s;
    }
    return s;
  }

  static String number(double d) {
    return Double.isFinite(d) ? Double.toString(d) : "";
  }

  static String number(Number n) {
    return n == null ? "" : n.toString();
  }

  private static String quote(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
