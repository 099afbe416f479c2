package org.gistsweep.common.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gistsweep.common.trial.Direction;

/**
 * Reads and validates sweep files (YAML, or JSON which is YAML too).
 *
 * <pre>
 * name: gist-kl-sweep
 * objective: {metric: val_top1, direction: maximize}
 * # or, several objectives (the first one is what "value" and "best_trial" mean):
 * # objectives: [{metric: val_top1, direction: maximize}, {metric: trainable_params, direction: minimize}]
 * pruner: {type: asha, min_resource: 1, reduction_factor: 3}
 * budget: {trials: 12, parallel: 2, epochs: 3}
 * sampler: {type: random, seed: 7}
 * training: {task: synthetic-shapes, peft: adapter, batch_size: 32}
 * space:
 *   lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
 * enqueue:            # optional: the first trials, e.g. the paper's defaults; left-out parameters are sampled
 *   - {lr: 1.0e-3}
 * retain: {best: 5}   # optional: the best K complete trials keep their weights (0: none); logs are always kept
 * </pre>
 *
 * Every error is a {@link SpecException} naming the source, the field and the fix.
 */
public final class SweepSpecParser {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final Set<String> TOP_KEYS =
      Set.of(
          "name",
          "study",
          "description",
          "objective",
          "objectives",
          "budget",
          "sampler",
          "pruner",
          "training",
          "space",
          "enqueue",
          "retain");

  private SweepSpecParser() {}

  /** Reads a sweep file. */
  public static SweepSpec parse(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new SpecException("", "file not found; check the path").withSource(file.toString());
    } catch (IOException e) {
      throw new SpecException("", "cannot read: " + e.getMessage()).withSource(file.toString());
    }
    String fallbackName = file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
    return parse(text, file.toString(), fallbackName);
  }

  /** Reads sweep text from {@code source} (used in error messages). */
  public static SweepSpec parse(String text, String source, String fallbackName) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new SpecException("", "not valid YAML" + where + ": " + e.getOriginalMessage())
          .withSource(source);
    }
    try {
      return parse(root, fallbackName);
    } catch (SpecException e) {
      throw e.withSource(source);
    }
  }

  /** Validates an already-parsed tree. */
  public static SweepSpec parse(JsonNode root, String fallbackName) {
    if (root == null || !root.isObject()) {
      throw new SpecException(
          "", "a sweep file must be a mapping with name, budget, training and space");
    }
    Nodes.onlyKeys(root, TOP_KEYS, "");
    String name =
        root.has("name")
            ? Nodes.text(root, "name", "")
            : root.has("study") ? Nodes.text(root, "study", "") : fallbackName;
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
      throw new SpecException(
          "name", "'" + name + "' must be 1-100 letters, digits, '.', '_' or '-'");
    }
    List<Objective> objectives = objectives(root);
    Map<String, Object> training = training(root.get("training"));
    Budget budget = budget(root.get("budget"), training);
    training.putIfAbsent("epochs", budget.epochs());
    SamplerSpec sampler = sampler(root.get("sampler"));
    PrunerSpec pruner = PrunerParser.parse(root.get("pruner"), "pruner");
    SearchSpace space = SpaceParser.parse(root.get("space"), "space");
    SpaceSettingsCheck.check(space, training);
    TrainingSettings.resolve(training, SpaceSettingsCheck.representative(space));
    List<Map<String, Object>> enqueue = enqueue(root.get("enqueue"), space, budget);
    Retention retain = retain(root.get("retain"));
    return new SweepSpec(
        name,
        objectives.get(0),
        budget,
        sampler,
        training,
        space,
        pruner,
        objectives,
        enqueue,
        retain);
  }

  private static Retention retain(JsonNode node) {
    if (node == null || node.isNull()) {
      return Retention.DEFAULT;
    }
    if (!node.isObject()) {
      throw new SpecException(
          "retain",
          "must be a mapping like {best: 5} (the best K complete trials keep their weights; 0 keeps"
              + " none)");
    }
    Nodes.onlyKeys(node, Set.of("best"), "retain");
    if (!node.has("best") || node.get("best").isNull()) {
      return Retention.DEFAULT;
    }
    long best = Nodes.whole(node, "best", "retain");
    if (best < 0 || best > Integer.MAX_VALUE) {
      throw new SpecException(
          "retain.best", "must be a whole number >= 0 (0 keeps no trial's weights), got " + best);
    }
    return new Retention((int) best);
  }

  private static List<Map<String, Object>> enqueue(
      JsonNode node, SearchSpace space, Budget budget) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new SpecException(
          "enqueue", "must be a list of parameter mappings, e.g. [{lr: 1.0e-3, adapter_dim: 8}]");
    }
    if (node.size() > budget.trials()) {
      throw new SpecException(
          "enqueue",
          "lists "
              + node.size()
              + " trials but budget.trials is "
              + budget.trials()
              + "; raise the budget or enqueue fewer");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String field = "enqueue[" + i + "]";
      JsonNode entry = node.get(i);
      if (!entry.isObject()) {
        throw new SpecException(
            field, "must be a mapping of parameter name to value, e.g. {lr: 1.0e-3}");
      }
      Map<String, Object> params = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        params.put(e.getKey(), Nodes.scalar(e.getValue(), field + "." + e.getKey()));
      }
      Map<String, Object> checked = EnqueuedParams.check(space, params, field);
      if (out.contains(checked)) {
        throw new SpecException(field, "repeats " + checked + "; list each enqueued trial once");
      }
      out.add(checked);
    }
    return out;
  }

  private static List<Objective> objectives(JsonNode root) {
    JsonNode list = root.get("objectives");
    if (list == null || list.isNull()) {
      return List.of(objective(root.get("objective"), "objective"));
    }
    if (root.has("objective")) {
      throw new SpecException(
          "objectives",
          "give either objective or objectives, not both; move objective into the list");
    }
    if (!list.isArray() || list.isEmpty()) {
      throw new SpecException(
          "objectives", "must be a non-empty list like [{metric: val_top1, direction: maximize}]");
    }
    List<Objective> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String field = "objectives[" + i + "]";
      Objective o = objective(list.get(i), field);
      if (out.stream().anyMatch(x -> x.metric().equals(o.metric()))) {
        throw new SpecException(
            field + ".metric", "'" + o.metric() + "' is listed twice; list each metric once");
      }
      out.add(o);
    }
    return out;
  }

  private static Objective objective(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return new Objective("val_top1", Direction.MAXIMIZE);
    }
    if (!node.isObject()) {
      throw new SpecException(
          field, "must be a mapping like {metric: val_top1, direction: maximize}");
    }
    Nodes.onlyKeys(node, Set.of("metric", "direction"), field);
    String metric = node.has("metric") ? Nodes.text(node, "metric", field) : "val_top1";
    if (!Objective.METRICS.contains(metric)) {
      throw new SpecException(
          field + ".metric", "unknown metric '" + metric + "'; use one of " + Objective.METRICS);
    }
    return new Objective(metric, direction(node, field));
  }

  private static Direction direction(JsonNode node, String field) {
    String dir = node.has("direction") ? Nodes.text(node, "direction", field) : "maximize";
    return Direction.parse(dir)
        .orElseThrow(
            () ->
                new SpecException(
                    field + ".direction", "'" + dir + "' is not maximize or minimize"));
  }

  private static Budget budget(JsonNode node, Map<String, Object> training) {
    int defaultEpochs = training.get("epochs") instanceof Number n ? n.intValue() : 3;
    if (node == null || node.isNull()) {
      return new Budget(10, 2, defaultEpochs, 3);
    }
    Nodes.onlyKeys(node, Set.of("trials", "parallel", "epochs", "max_attempts"), "budget");
    return new Budget(
        Nodes.positiveInt(node, "trials", 10, "budget"),
        Nodes.positiveInt(node, "parallel", 2, "budget"),
        Nodes.positiveInt(node, "epochs", defaultEpochs, "budget"),
        Nodes.positiveInt(node, "max_attempts", 3, "budget"));
  }

  /** Reads a {@code sampler} block (shared with the ask/tell parser). */
  static SamplerSpec sampler(JsonNode node) {
    if (node == null || node.isNull()) {
      return new SamplerSpec("random", 0);
    }
    Nodes.onlyKeys(node, Set.of("type", "seed"), "sampler");
    String type = node.has("type") ? Nodes.text(node, "type", "sampler") : "random";
    if (!SamplerSpec.TYPES.contains(type)) {
      throw new SpecException(
          "sampler.type", "unknown sampler '" + type + "'; use one of " + SamplerSpec.TYPES);
    }
    long seed = node.has("seed") ? Nodes.whole(node, "seed", "sampler") : 0L;
    return new SamplerSpec(type, seed);
  }

  private static Map<String, Object> training(JsonNode node) {
    Map<String, Object> training = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return training;
    }
    if (!node.isObject()) {
      throw new SpecException("training", "must be a mapping of setting name to value");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String field = "training." + e.getKey();
      Setting s =
          TrainingSettings.setting(e.getKey())
              .orElseThrow(
                  () ->
                      new SpecException(
                          field,
                          "unknown training setting; known settings: "
                              + TrainingSettings.knownNames()));
      training.put(e.getKey(), s.coerce(field, Nodes.scalar(e.getValue(), field)));
    }
    return training;
  }
}
