package org.gistsweep.orchestrator.ablation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gistsweep.orchestrator.ablation.AblationTable.Unpaired;

/**
 * The pairs of a two-level comparison: two trials that agree on every parameter but {@code by}
 * (seed and row included). Trials with the same parameters pair in trial-number order; the rest are
 * unpaired. d = value(first level) - value(second level).
 *
 * @param byRow the differences of each row's pairs, by row key
 * @param all every difference
 * @param unpaired the trials without a partner, by trial number
 */
record Pairs(
    Map<Map<String, String>, List<Double>> byRow, List<Double> all, List<Unpaired> unpaired) {
  static final Pairs NONE = new Pairs(Map.of(), List.of(), List.of());

  static Pairs of(
      List<AblationTrial> trials,
      String by,
      List<String> levels,
      Set<String> rowDrop,
      ValueKind value) {
    Map<Map<String, String>, Map<String, List<AblationTrial>>> partners = new LinkedHashMap<>();
    for (AblationTrial t : trials) {
      partners
          .computeIfAbsent(Levels.without(t.params(), Set.of(by)), k -> new LinkedHashMap<>())
          .computeIfAbsent(Levels.canonical(t.params().get(by)), k -> new ArrayList<>())
          .add(t);
    }
    Map<Map<String, String>, List<Double>> byRow = new LinkedHashMap<>();
    List<Double> all = new ArrayList<>();
    List<Unpaired> unpaired = new ArrayList<>();
    partners.forEach(
        (key, atLevel) -> {
          List<AblationTrial> first = atLevel.getOrDefault(levels.get(0), List.of());
          List<AblationTrial> second = atLevel.getOrDefault(levels.get(1), List.of());
          int n = Math.min(first.size(), second.size());
          for (int i = 0; i < n; i++) {
            double d = first.get(i).value(value) - second.get(i).value(value);
            byRow
                .computeIfAbsent(
                    Levels.without(first.get(i).params(), rowDrop), k -> new ArrayList<>())
                .add(d);
            all.add(d);
          }
          first
              .subList(n, first.size())
              .forEach(
                  t ->
                      unpaired.add(new Unpaired(t.number(), Levels.without(t.params(), Set.of()))));
          second
              .subList(n, second.size())
              .forEach(
                  t ->
                      unpaired.add(new Unpaired(t.number(), Levels.without(t.params(), Set.of()))));
        });
    unpaired.sort(Comparator.comparingInt(Unpaired::trial));
    return new Pairs(byRow, all, unpaired);
  }
}
