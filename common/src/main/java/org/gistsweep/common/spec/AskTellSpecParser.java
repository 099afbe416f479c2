package org.gistsweep.common.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gistsweep.common.trial.Direction;

/**
 * Reads the body of an ask/tell study: a study whose trials are asked for, reported on and told by
 * a client over HTTP instead of being trained by workers.
 *
 * <pre>
 * {"name": "my-study", "directions": ["maximize"],
 *  "space": {"x": {"type": "float", "low": -5, "high": 5}},
 *  "sampler": {"type": "random", "seed": 7},
 *  "pruner": {"type": "median"},
 *  "trials": 100}
 * </pre>
 *
 * Parameter names are free (they are not training settings). {@code trials} is optional: without it
 * the study has no trial budget. One direction gives one objective named {@code value}; several
 * give {@code value_0}, {@code value_1}, ... Every error is a {@link SpecException} naming the
 * field.
 */
public final class AskTellSpecParser {
  private static final Set<String> KEYS =
      Set.of("name", "directions", "space", "sampler", "pruner", "trials");

  private AskTellSpecParser() {}

  /** Whether a study body is an ask/tell study rather than a sweep for workers. */
  public static boolean isAskTell(JsonNode root) {
    return root != null
        && root.isObject()
        && (root.has("directions")
            || !(root.has("training")
                || root.has("budget")
                || root.has("objective")
                || root.has("objectives")));
  }

  /** Validates an ask/tell study body. */
  public static SweepSpec parse(JsonNode root) {
    try {
      return parseTree(root);
    } catch (SpecException e) {
      throw e.field().startsWith(".") ? new SpecException(e.field().substring(1), e.problem()) : e;
    }
  }

  private static SweepSpec parseTree(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new SpecException(
          "", "an ask/tell study must be a JSON object with directions and space");
    }
    Nodes.onlyKeys(root, KEYS, "");
    String name = root.has("name") ? Nodes.text(root, "name", "") : "study";
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
      throw new SpecException(
          "name", "'" + name + "' must be 1-100 letters, digits, '.', '_' or '-'");
    }
    List<Objective> objectives = objectives(root.get("directions"));
    SearchSpace space = SpaceParser.parse(root.get("space"), "space");
    SamplerSpec sampler = SweepSpecParser.sampler(root.get("sampler"));
    PrunerSpec pruner = PrunerParser.parse(root.get("pruner"), "pruner");
    if ("hyperband".equals(pruner.type()) && pruner.maxResource() == 0) {
      throw new SpecException(
          "pruner.max_resource",
          "is missing; hyperband in an ask/tell study needs the largest step");
    }
    int trials = Nodes.positiveInt(root, "trials", Integer.MAX_VALUE, "");
    int steps = Math.max(1, pruner.maxResource());
    Budget budget = new Budget(trials, Integer.MAX_VALUE, steps, 1);
    return new SweepSpec(
        name, objectives.get(0), budget, sampler, Map.of(), space, pruner, objectives);
  }

  private static List<Objective> objectives(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of(new Objective("value", Direction.MAXIMIZE));
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new SpecException(
          "directions",
          "must be a non-empty list like [\"maximize\"] or [\"maximize\", \"minimize\"]");
    }
    List<Objective> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode d = node.get(i);
      String field = "directions[" + i + "]";
      if (!d.isTextual()) {
        throw new SpecException(field, "must be \"maximize\" or \"minimize\", got " + d);
      }
      Direction dir =
          Direction.parse(d.asText())
              .orElseThrow(
                  () ->
                      new SpecException(field, "'" + d.asText() + "' is not maximize or minimize"));
      out.add(new Objective(node.size() == 1 ? "value" : "value_" + i, dir));
    }
    return out;
  }
}
