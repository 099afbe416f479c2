package org.gistsweep.orchestrator.sampler.tpe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.sampler.ObservedTrial;

/**
 * The incremental part of the sampler's state: each trial converted once to a {@link Row} and
 * reused while its state, value and params map (by identity; finished trials are frozen) stay the
 * same, and presence patterns interned to small ids. {@link #rows} still answers exactly for the
 * history it is given: a trial missing from it is not used, whatever was cached.
 */
final class TrialTable {
  private final Dimension[] dims;
  private final Map<Integer, Row> cache = new HashMap<>();
  private final Map<BitSet, Integer> patternIds = new HashMap<>();
  private final List<BitSet> patterns = new ArrayList<>();

  TrialTable(Dimension[] dims) {
    this.dims = dims;
  }

  /** The presence pattern with id {@code id}. */
  BitSet pattern(int id) {
    return patterns.get(id);
  }

  /**
   * The usable trials of {@code history} except {@code exclude}, in trial-number order: COMPLETE
   * with a finite value, PRUNED, and (with {@code liar}) RUNNING and WAITING.
   */
  List<Row> rows(List<? extends ObservedTrial> history, int exclude, boolean liar) {
    List<Row> out = new ArrayList<>(history.size());
    for (ObservedTrial t : history) {
      if (t.number() == exclude) {
        continue;
      }
      Row.Kind kind = kind(t, liar);
      if (kind == null) {
        continue;
      }
      Row cached = cache.get(t.number());
      if (cached == null || cached.kind() != kind || cached.source() != t.params() || !sameValue(cached, t)) {
        cached = convert(t, kind);
        cache.put(t.number(), cached);
      }
      out.add(cached);
    }
    for (int i = 1; i < out.size(); i++) {
      if (out.get(i - 1).number() >= out.get(i).number()) {
        out.sort(Comparator.comparingInt(Row::number));
        break;
      }
    }
    return out;
  }

  private static Row.Kind kind(ObservedTrial t, boolean liar) {
    TrialState s = t.state();
    if (s == TrialState.COMPLETE) {
      return t.value() != null && Double.isFinite(t.value()) ? Row.Kind.COMPLETE : null;
    }
    if (s == TrialState.PRUNED) {
      return Row.Kind.PRUNED;
    }
    return liar && (s == TrialState.RUNNING || s == TrialState.WAITING) ? Row.Kind.LIAR : null;
  }

  private static boolean sameValue(Row row, ObservedTrial t) {
    return row.kind() != Row.Kind.COMPLETE || row.value() == t.value();
  }

  private Row convert(ObservedTrial t, Row.Kind kind) {
    double[] x = new double[dims.length];
    Arrays.fill(x, Double.NaN);
    BitSet present = new BitSet(dims.length);
    for (int i = 0; i < dims.length; i++) {
      Object v = t.params().get(dims[i].name);
      if (v != null) {
        try {
          x[i] = dims[i].toInternal(v);
          present.set(i);
        } catch (RuntimeException e) {
          x[i] = Double.NaN;
        }
      }
    }
    int step = 0;
    double last = 0;
    SortedMap<Integer, Double> iv = t.intermediateValues();
    if (kind == Row.Kind.PRUNED && iv != null && !iv.isEmpty()) {
      step = iv.lastKey();
      Double lv = iv.get(step);
      last = lv == null ? Double.NaN : lv;
    }
    Integer id = patternIds.computeIfAbsent(present, p -> {
      patterns.add(p);
      return patterns.size() - 1;
    });
    double value = kind == Row.Kind.COMPLETE ? t.value() : Double.NaN;
    return new Row(t.number(), kind, value, step, last, x, id, t.params());
  }
}
