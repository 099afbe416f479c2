package org.gistsweep.orchestrator.sampler.tpe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Group decomposition of the search space (Optuna's {@code _GroupDecomposedSearchSpace}):
 * parameters that occur in exactly the same finished trials form one group, so every finished
 * trial's parameter set is a union of groups. A conditional branch therefore becomes its own group,
 * and the parameters that are always present form another; each group is modelled jointly. Computed
 * from the distinct presence patterns, not the trials, so the result does not depend on their
 * order. Without {@code group}, the single group is the parameters present in every finished trial
 * (Optuna's intersection search space).
 */
final class Groups {
  private Groups() {}

  /** The groups (parameter indices, ascending), ordered by their first parameter. */
  static List<int[]> of(List<Row> rows, TrialTable table, int dims, boolean group) {
    boolean[] used = new boolean[8];
    for (Row r : rows) {
      if (r.kind() != Row.Kind.LIAR) {
        if (r.pattern() >= used.length) {
          used = Arrays.copyOf(used, 2 * r.pattern() + 1);
        }
        used[r.pattern()] = true;
      }
    }
    List<Integer> ids = new ArrayList<>();
    for (int id = 0; id < used.length; id++) {
      if (used[id]) {
        ids.add(id);
      }
    }
    List<int[]> out = new ArrayList<>();
    if (!group) {
      BitSet all = new BitSet();
      all.set(0, dims);
      for (int id : ids) {
        all.and(table.pattern(id));
      }
      if (!ids.isEmpty() && !all.isEmpty()) {
        out.add(all.stream().toArray());
      }
      return out;
    }
    Map<BitSet, List<Integer>> bySignature = new LinkedHashMap<>();
    for (int d = 0; d < dims; d++) {
      BitSet signature = new BitSet();
      int k = 0;
      for (int id : ids) {
        if (table.pattern(id).get(d)) {
          signature.set(k);
        }
        k++;
      }
      if (!signature.isEmpty()) {
        bySignature.computeIfAbsent(signature, s -> new ArrayList<>()).add(d);
      }
    }
    for (List<Integer> g : bySignature.values()) {
      out.add(g.stream().mapToInt(Integer::intValue).toArray());
    }
    return out;
  }
}
