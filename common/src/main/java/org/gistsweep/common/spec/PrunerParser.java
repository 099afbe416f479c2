package org.gistsweep.common.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads the optional {@code pruner} block, shared by sweep files and the ask/tell API. Accepts a
 * mapping ({@code {type: asha, reduction_factor: 3}}) or just the type ({@code pruner: median}).
 * Each type accepts only its own options, so a misplaced option is named with the allowed ones.
 */
public final class PrunerParser {
  private static final Set<String> PERCENTILE_KEYS =
      Set.of("type", "n_startup_trials", "n_warmup_steps", "n_min_trials");
  private static final Set<String> ASHA_KEYS =
      Set.of("type", "min_resource", "reduction_factor", "min_early_stopping_rate", "mode");
  private static final Map<String, Set<String>> KEYS =
      Map.of(
          "none", Set.of("type"),
          "median", PERCENTILE_KEYS,
          "percentile", union(PERCENTILE_KEYS, "percentile"),
          "asha", ASHA_KEYS,
          "hyperband", Set.of("type", "min_resource", "reduction_factor", "max_resource"));

  private PrunerParser() {}

  /**
   * Parses a pruner block.
   *
   * @param node the block; null or missing means {@link PrunerSpec#NONE}
   * @param field the block's dotted path for errors, e.g. {@code pruner}
   */
  public static PrunerSpec parse(JsonNode node, String field) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return PrunerSpec.NONE;
    }
    if (node.isTextual()) {
      return PrunerSpec.defaults(type(node.asText(), field));
    }
    if (!node.isObject()) {
      throw new SpecException(
          field, "must be a mapping like {type: asha, reduction_factor: 3} or a type name");
    }
    String type = type(Nodes.text(node, "type", field), field);
    Nodes.onlyKeys(node, KEYS.get(type), field);
    PrunerSpec d = PrunerSpec.defaults(type);
    double percentile =
        "percentile".equals(type) ? Nodes.number(node, "percentile", field) : d.percentile();
    try {
      return new PrunerSpec(
          type,
          count(node, "n_startup_trials", d.nStartupTrials(), field),
          count(node, "n_warmup_steps", d.nWarmupSteps(), field),
          Nodes.positiveInt(node, "n_min_trials", d.nMinTrials(), field),
          percentile,
          Nodes.positiveInt(node, "min_resource", d.minResource(), field),
          Nodes.positiveInt(node, "reduction_factor", d.reductionFactor(), field),
          count(node, "min_early_stopping_rate", d.minEarlyStoppingRate(), field),
          count(node, "max_resource", d.maxResource(), field),
          mode(node, field));
    } catch (SpecException e) {
      throw e.field().startsWith(field)
          ? e
          : new SpecException(field + e.field().substring("pruner".length()), e.problem());
    }
  }

  private static String type(String type, String field) {
    if (!PrunerSpec.TYPES.contains(type)) {
      throw new SpecException(
          field + ".type", "unknown pruner '" + type + "'; use one of " + PrunerSpec.TYPES);
    }
    return type;
  }

  private static String mode(JsonNode node, String field) {
    JsonNode v = node.get("mode");
    if (v == null || v.isNull()) {
      return PrunerSpec.STOPPING;
    }
    if (!v.isTextual()
        || !(PrunerSpec.STOPPING.equals(v.asText()) || PrunerSpec.PROMOTION.equals(v.asText()))) {
      throw new SpecException(
          field + ".mode",
          "must be stopping (stop a trial that is not in the top 1/eta at a rung)"
              + " or promotion (pause trials at each rung and promote the best), got "
              + v);
    }
    return v.asText();
  }

  private static int count(JsonNode node, String key, int fallback, String field) {
    if (!node.has(key) || node.get(key).isNull()) {
      return fallback;
    }
    long v = Nodes.whole(node, key, field);
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new SpecException(field + "." + key, "must be a whole number >= 0, got " + v);
    }
    return (int) v;
  }

  private static Set<String> union(Set<String> keys, String extra) {
    Set<String> out = new HashSet<>(keys);
    out.add(extra);
    return Set.copyOf(out);
  }
}
