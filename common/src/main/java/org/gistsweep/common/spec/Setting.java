package org.gistsweep.common.spec;

import java.util.List;
import java.util.Locale;

/**
 * One known training setting: its name in sweep files, its type, its default, and its valid range.
 *
 * @param name snake_case key used in sweep files, trial params and on the wire
 * @param kind value type
 * @param defaultValue the value used when neither {@code training} nor the space sets it; may be
 *     {@code null} for optional settings (meaning "derive it", e.g. from the task recipe)
 * @param min smallest valid value for numbers (inclusive)
 * @param max largest valid value for numbers (inclusive)
 * @param choices valid names for {@link SettingKind#CHOICE}
 * @param help one line for error messages and documentation
 */
public record Setting(
    String name,
    SettingKind kind,
    Object defaultValue,
    double min,
    double max,
    List<String> choices,
    String help) {

  public Setting {
    choices = List.copyOf(choices);
  }

  static Setting number(
      String name, SettingKind kind, Object def, double min, double max, String help) {
    return new Setting(name, kind, def, min, max, List.of(), help);
  }

  static Setting choice(String name, String def, List<String> choices, String help) {
    return new Setting(name, SettingKind.CHOICE, def, 0, 0, choices, help);
  }

  static Setting flag(String name, boolean def, String help) {
    return new Setting(name, SettingKind.BOOLEAN, def, 0, 0, List.of(), help);
  }

  static Setting text(String name, String def, String help) {
    return new Setting(name, SettingKind.TEXT, def, 0, 0, List.of(), help);
  }

  /**
   * Converts and checks one value for this setting.
   *
   * @param field the dotted path used in the error message
   * @throws SpecException naming the field, the bad value and the valid range
   */
  public Object coerce(String field, Object value) {
    if (value == null) {
      throw new SpecException(field, "is empty; give a value (" + help + ")");
    }
    switch (kind) {
      case FLOAT -> {
        double d = asNumber(field, value);
        checkRange(field, d);
        return d;
      }
      case INT -> {
        double d = asNumber(field, value);
        if (d != Math.rint(d)) {
          throw new SpecException(field, "must be a whole number, got " + value);
        }
        checkRange(field, d);
        return (int) d;
      }
      case BOOLEAN -> {
        if (value instanceof Boolean b) {
          return b;
        }
        throw new SpecException(field, "must be true or false, got " + value);
      }
      case CHOICE -> {
        String s = String.valueOf(value).toLowerCase(Locale.ROOT);
        if (!choices.contains(s)) {
          throw new SpecException(
              field,
              "unknown " + help + " '" + value + "'; use one of: " + String.join(", ", choices));
        }
        return s;
      }
      default -> {
        return String.valueOf(value);
      }
    }
  }

  private double asNumber(String field, Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new SpecException(field, "must be a number, got '" + value + "'");
  }

  private void checkRange(String field, double d) {
    if (!Double.isFinite(d) || d < min || d > max) {
      throw new SpecException(
          field,
          "value "
              + d
              + " is out of range; use a value in ["
              + fmt(min)
              + ", "
              + fmt(max)
              + "] ("
              + help
              + ")");
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
