package org.gistsweep.common.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code space} schema, shared by sweep files and the ask/tell API:
 *
 * <pre>
 * lr:        {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
 * epochs:    {type: int, low: 2, high: 8, step: 2}
 * gist_init: {type: categorical, choices: [uniform, zeros]}
 * lora_rank: {type: int, low: 1, high: 16, log: true, when: {peft: lora}}
 * </pre>
 *
 * <p>A space holds at most {@value #MAX_PARAMETERS} parameters, and a parameter's {@code when} at
 * most {@value #MAX_WHEN_VALUES} values in all: samplers test every condition for every trial.
 * Checking a space costs time in proportion to its text, never to the size of a range.
 */
public final class SpaceParser {
  /** The most parameters a space may have. */
  public static final int MAX_PARAMETERS = 1_000;

  /** The most values one parameter's {@code when} may list, over all the parameters it names. */
  public static final int MAX_WHEN_VALUES = 1_000;

  private static final Set<String> NUMERIC_KEYS =
      Set.of("type", "low", "high", "log", "step", "when");
  private static final Set<String> CATEGORICAL_KEYS = Set.of("type", "choices", "when");

  private SpaceParser() {}

  /**
   * Parses a space mapping.
   *
   * @param node the mapping of parameter name to definition (null or missing = empty space)
   * @param prefix dotted path of {@code node} for error messages, e.g. {@code space}
   */
  public static SearchSpace parse(JsonNode node, String prefix) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return new SearchSpace(List.of());
    }
    if (!node.isObject()) {
      throw new SpecException(prefix, "must be a mapping of parameter name to {type: ...}");
    }
    if (node.size() > MAX_PARAMETERS) {
      throw new SpecException(
          prefix,
          "has "
              + node.size()
              + " parameters; at most "
              + MAX_PARAMETERS
              + " are allowed; move the ones that do not vary to the fixed settings");
    }
    List<ParameterSpec> params = new ArrayList<>();
    Map<String, ParameterSpec> seen = new LinkedHashMap<>();
    Map<String, Set<Object>> choiceSets = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String field = prefix + "." + e.getKey();
      ParameterSpec p = parameter(e.getKey(), e.getValue(), field, seen, choiceSets);
      params.add(p);
      seen.put(p.name(), p);
    }
    return new SearchSpace(params);
  }

  private static ParameterSpec parameter(
      String name,
      JsonNode def,
      String field,
      Map<String, ParameterSpec> earlier,
      Map<String, Set<Object>> choiceSets) {
    if (!def.isObject()) {
      throw new SpecException(field, "must be a mapping like {type: float, low: 0.0, high: 1.0}");
    }
    String type = Nodes.text(def, "type", field);
    Distribution dist;
    try {
      dist =
          switch (type) {
            case "float" -> {
              Nodes.onlyKeys(def, NUMERIC_KEYS, field);
              yield new FloatDistribution(
                  Nodes.number(def, "low", field),
                  Nodes.number(def, "high", field),
                  Nodes.bool(def, "log", false, field),
                  def.has("step") ? Nodes.number(def, "step", field) : 0.0);
            }
            case "int" -> {
              Nodes.onlyKeys(def, NUMERIC_KEYS, field);
              yield new IntDistribution(
                  Nodes.whole(def, "low", field),
                  Nodes.whole(def, "high", field),
                  Nodes.bool(def, "log", false, field),
                  def.has("step") ? Nodes.whole(def, "step", field) : 1L);
            }
            case "categorical" -> {
              Nodes.onlyKeys(def, CATEGORICAL_KEYS, field);
              yield new CategoricalDistribution(Nodes.scalarList(def, "choices", field));
            }
            default ->
                throw new SpecException(
                    field + ".type", "unknown type '" + type + "'; use float, int or categorical");
          };
    } catch (SpecException e) {
      throw e.field().startsWith(field)
          ? e
          : new SpecException(field + "." + e.field(), e.problem());
    }
    return new ParameterSpec(
        name, dist, when(def.get("when"), field + ".when", earlier, choiceSets));
  }

  private static Map<String, List<Object>> when(
      JsonNode node,
      String field,
      Map<String, ParameterSpec> earlier,
      Map<String, Set<Object>> choiceSets) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new SpecException(field, "must be a mapping like {peft: lora}");
    }
    Map<String, List<Object>> when = new LinkedHashMap<>();
    int listed = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String f = field + "." + e.getKey();
      ParameterSpec parent = earlier.get(e.getKey());
      if (parent == null) {
        throw new SpecException(
            f,
            "names no parameter declared above it; declare '"
                + e.getKey()
                + "' earlier in the space");
      }
      listed += e.getValue().isArray() ? e.getValue().size() : 1;
      if (listed > MAX_WHEN_VALUES) {
        throw new SpecException(
            f, "the condition lists more than " + MAX_WHEN_VALUES + " values; condition on fewer");
      }
      List<Object> values =
          e.getValue().isArray()
              ? Nodes.scalars(e.getValue(), f)
              : List.of(Nodes.scalar(e.getValue(), f));
      Set<Object> choices =
          parent.distribution() instanceof CategoricalDistribution c
              ? choiceSets.computeIfAbsent(e.getKey(), k -> choiceKeys(c))
              : null;
      for (Object v : values) {
        if (choices != null
            ? !choices.contains(choiceKey(v))
            : !parent.distribution().contains(v)) {
          throw new SpecException(
              f, "value '" + v + "' is not in the range of '" + e.getKey() + "'");
        }
      }
      when.put(e.getKey(), values);
    }
    return when;
  }

  /**
   * The choices as a set that matches as {@link CategoricalDistribution#contains} does (numbers by
   * value), so a long condition costs one lookup per value instead of a scan of the choices.
   */
  private static Set<Object> choiceKeys(CategoricalDistribution c) {
    Set<Object> keys = new HashSet<>();
    c.choices().forEach(v -> keys.add(choiceKey(v)));
    return keys;
  }

  private static Object choiceKey(Object v) {
    return v instanceof Number n
        ? (Object) (n.doubleValue() + 0.0)
        : v; // + 0.0: -0.0 matches 0 as contains() does
  }
}
