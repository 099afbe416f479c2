package org.gistsweep.common.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/** Checks that every parameter of a sweep's space is a training setting that accepts its values. */
final class SpaceSettingsCheck {
  private SpaceSettingsCheck() {}

  static void check(SearchSpace space, Map<String, Object> training) {
    for (ParameterSpec p : space.parameters()) {
      String field = "space." + p.name();
      Setting s =
          TrainingSettings.setting(p.name())
              .orElseThrow(
                  () ->
                      new SpecException(
                          field,
                          "is not a training setting, so no worker could use it; known settings: "
                              + TrainingSettings.knownNames()));
      if (training.containsKey(p.name()) && !"epochs".equals(p.name())) {
        throw new SpecException(field, "is set in both 'training' and 'space'; remove one of them");
      }
      checkDistribution(p.distribution(), s, field);
    }
  }

  private static void checkDistribution(Distribution d, Setting s, String field) {
    if (d instanceof FloatDistribution f) {
      if (s.kind() != SettingKind.FLOAT) {
        throw new SpecException(
            field + ".type", "'" + s.name() + "' takes " + kindText(s) + ", not float");
      }
      s.coerce(field + ".low", f.low());
      s.coerce(field + ".high", f.high());
    } else if (d instanceof IntDistribution i) {
      if (s.kind() != SettingKind.FLOAT && s.kind() != SettingKind.INT) {
        throw new SpecException(
            field + ".type", "'" + s.name() + "' takes " + kindText(s) + ", not int");
      }
      s.coerce(field + ".low", i.low());
      s.coerce(field + ".high", i.high());
    } else if (d instanceof CategoricalDistribution c) {
      for (int k = 0; k < c.choices().size(); k++) {
        String f = field + ".choices[" + k + "]";
        Object choice = c.choices().get(k);
        if ("peft".equals(s.name()) && PeftMethod.fromWireName(String.valueOf(choice)).isEmpty()) {
          throw new SpecException(
              f, "unknown PEFT method '" + choice + "'; use one of: " + PeftMethod.knownNames());
        }
        s.coerce(f, choice);
      }
    }
  }

  private static String kindText(Setting s) {
    return switch (s.kind()) {
      case INT -> "whole numbers (use type: int)";
      case BOOLEAN -> "true/false (use type: categorical, choices: [true, false])";
      case CHOICE -> "one of " + s.choices() + " (use type: categorical)";
      case TEXT -> "text (use type: categorical)";
      default -> "numbers";
    };
  }

  /**
   * One point of the space (each active parameter at its first choice or its low end), so the fixed
   * settings are validated together with values the space will supply (e.g. a {@code task} searched
   * in the space with {@code recipe: vtab}).
   */
  static Map<String, Object> representative(SearchSpace space) {
    Map<String, Object> point = new LinkedHashMap<>();
    for (ParameterSpec p : space.parameters()) {
      if (!p.isActive(point)) {
        continue;
      }
      Distribution d = p.distribution();
      point.put(
          p.name(),
          d instanceof CategoricalDistribution c
              ? c.choices().get(0)
              : d.toExternal(Double.NEGATIVE_INFINITY));
    }
    return point;
  }
}
