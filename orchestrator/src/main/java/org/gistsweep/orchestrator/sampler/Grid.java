package org.gistsweep.orchestrator.sampler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gistsweep.common.spec.Distribution;
import org.gistsweep.common.spec.ParameterSpec;
import org.gistsweep.common.spec.SearchSpace;
import org.gistsweep.common.spec.SpecException;

/**
 * The combinations of a space, numbered without being listed. The order is mixed radix in
 * declaration order (the last parameter varies fastest); an inactive conditional parameter takes no
 * value, so a combination is never repeated. Counting is memoised on the values of the parameters
 * that later conditions read, so unconditional spaces cost one multiplication per parameter; a
 * conditional space may take at most {@value #MAX_COUNT_STEPS} steps to count (a step is one
 * parameter's condition tested for one set of earlier values), whatever its ranges. Values are
 * computed from their index ({@link Grids#value}), never listed.
 */
final class Grid {
  /**
   * The most work counting a conditional space may take, so its memo holds at most this many
   * entries; realistic spaces take a few thousand.
   */
  static final long MAX_COUNT_STEPS = 1L << 18;

  private final SearchSpace space;
  private final List<ParameterSpec> params;
  private final long[] counts;

  /**
   * What testing parameter i's condition costs, in steps: one plus the values its {@code when}
   * lists.
   */
  private final long[] stepCost;

  private final List<Set<String>> readFrom = new ArrayList<>();
  private final Map<List<Object>, Long> memo = new HashMap<>();
  private final long size;
  private long steps;

  Grid(SearchSpace space) {
    this.space = space;
    this.params = space.parameters();
    counts = new long[params.size()];
    stepCost = new long[params.size()];
    for (int i = 0; i < params.size(); i++) {
      ParameterSpec p = params.get(i);
      counts[i] = Grids.count(p);
      stepCost[i] = 1 + p.when().values().stream().mapToLong(List::size).sum();
    }
    for (int i = 0; i <= params.size(); i++) {
      Set<String> read = new HashSet<>();
      for (int j = i; j < params.size(); j++) {
        read.addAll(params.get(j).when().keySet());
      }
      readFrom.add(read);
    }
    try {
      size = count(0, new HashMap<>());
    } catch (ArithmeticException e) {
      throw new SpecException(
          "space", "the grid has more than 2^63 combinations; use larger steps or fewer values");
    }
  }

  SearchSpace space() {
    return space;
  }

  long size() {
    return size;
  }

  /** The {@code index}-th combination, 0 <= index < size(). */
  Map<String, Object> combination(long index) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "the grid has " + size + " combinations; combination " + index + " does not exist");
    }
    Map<String, Object> chosen = new LinkedHashMap<>();
    long rest = index;
    for (int i = 0; i < params.size(); i++) {
      ParameterSpec p = params.get(i);
      if (!p.isActive(chosen)) {
        continue;
      }
      Distribution d = p.distribution();
      if (!readFrom.get(i + 1).contains(p.name())) {
        long below = count(i + 1, chosen);
        chosen.put(p.name(), Grids.value(d, rest / below));
        rest %= below;
        continue;
      }
      for (long k = 0; k < counts[i]; k++) {
        chosen.put(p.name(), Grids.value(d, k));
        long below = count(i + 1, chosen);
        if (rest < below) {
          break;
        }
        rest -= below;
      }
    }
    return Collections.unmodifiableMap(chosen);
  }

  private long count(int i, Map<String, Object> chosen) {
    if (i == params.size()) {
      return 1;
    }
    List<Object> key = new ArrayList<>();
    key.add(i);
    for (String name : readFrom.get(i)) {
      key.add(name);
      key.add(chosen.get(name));
    }
    Long known = memo.get(key);
    if (known != null) {
      return known;
    }
    steps += stepCost[i];
    if (steps > MAX_COUNT_STEPS) {
      throw new SpecException(
          "space",
          "the grid's conditions take more than "
              + MAX_COUNT_STEPS
              + " steps to count; condition on parameters with fewer values, or use sampler type"
              + " random or tpe");
    }
    ParameterSpec p = params.get(i);
    long total;
    if (!p.isActive(chosen)) {
      total = count(i + 1, chosen);
    } else if (!readFrom.get(i + 1).contains(p.name())) {
      total = Math.multiplyExact(counts[i], count(i + 1, chosen));
    } else {
      total = 0;
      for (long k = 0; k < counts[i]; k++) {
        chosen.put(p.name(), Grids.value(p.distribution(), k));
        total = Math.addExact(total, count(i + 1, chosen));
      }
      chosen.remove(p.name());
    }
    memo.put(key, total);
    return total;
  }
}
