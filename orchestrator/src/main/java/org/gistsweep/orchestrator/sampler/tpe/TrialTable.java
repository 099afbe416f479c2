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
 * same, and presence patterns interned to small ids. A history entry that is the very object seen
 * at the same position last time ({@link ObservedTrial}s are immutable snapshots) is not read
 * again, so an ask costs one reference comparison per unchanged trial. {@link #rows} still answers
 * exactly for the history it is given: a trial missing from it is not used, whatever was cached.
 */
final class TrialTable {
  private static final int LIMIT = 1 << 24;
  private final Dimension[] dims;

  /** Rows by trial number; numbers are small and dense in a study, the map holds any others. */
  private Row[] byNumber = new Row[64];

  private final Map<Integer, Row> cache = new HashMap<>();
  private final Map<BitSet, Integer> patternIds = new HashMap<>();
  private Object[] seen = new Object[0];
  private Row[] seenRow = new Row[0];
  private int[] seenNumber = new int[0];
  private int seenCount;
  private boolean seenLiar;
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
    int size = history.size();
    if (liar != seenLiar) {
      seenCount = 0;
      seenLiar = liar;
    }
    if (seen.length < size) {
      int capacity = size + (size >> 1) + 16;
      seen = Arrays.copyOf(seen, capacity);
      seenRow = Arrays.copyOf(seenRow, capacity);
      seenNumber = Arrays.copyOf(seenNumber, capacity);
    }
    List<Row> out = new ArrayList<>(size);
    int i = 0;
    int last = Integer.MIN_VALUE;
    boolean ordered = true;
    for (ObservedTrial t : history) {
      if (i >= seenCount || seen[i] != t) {
        seen[i] = t;
        seenNumber[i] = t.number();
        seenRow[i] = row(t, liar);
      }
      if (seenRow[i] != null && seenNumber[i] != exclude) {
        out.add(seenRow[i]);
        ordered &= seenNumber[i] > last;
        last = seenNumber[i];
      }
      i++;
    }
    Arrays.fill(seen, size, Math.max(size, seenCount), null);
    seenCount = size;
    if (!ordered) {
      out.sort(Comparator.comparingInt(Row::number));
    }
    return out;
  }

  /** The row of a usable trial (cached by number while unchanged), or null. */
  private Row row(ObservedTrial t, boolean liar) {
    Row.Kind kind = kind(t, liar);
    if (kind == null) {
      return null;
    }
    Row cached = cached(t.number());
    if (cached == null
        || cached.kind() != kind
        || cached.source() != t.params()
        || !sameValue(cached, t)) {
      cached = convert(t, kind);
      store(cached);
    }
    return cached;
  }

  private Row cached(int number) {
    if (number >= 0 && number < byNumber.length) {
      return byNumber[number];
    }
    return number >= 0 && number < LIMIT ? null : cache.get(number);
  }

  private void store(Row row) {
    int number = row.number();
    if (number >= 0 && number < LIMIT) {
      if (number >= byNumber.length) {
        byNumber =
            Arrays.copyOf(byNumber, Math.max(number + 1, byNumber.length + (byNumber.length >> 1)));
      }
      byNumber[number] = row;
    } else {
      cache.put(number, row);
    }
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
    Integer id =
        patternIds.computeIfAbsent(
            present,
            p -> {
              patterns.add(p);
              return patterns.size() - 1;
            });
    double value = kind == Row.Kind.COMPLETE ? t.value() : Double.NaN;
    return new Row(t.number(), kind, value, step, last, x, id, t.params());
  }
}
