package org.gistsweep.orchestrator.sampler.tpe;

import java.util.Map;

/**
 * One usable trial in internal coordinates: its parameters ({@code NaN} where absent or invalid),
 * the id of its parameter-presence pattern, and what it is ranked by.
 *
 * @param kind COMPLETE, PRUNED or LIAR (a RUNNING or WAITING trial under constant liar)
 * @param value the objective of a COMPLETE trial
 * @param lastStep the furthest step of a PRUNED trial, or 0 without intermediate values
 * @param lastValue the intermediate value at {@code lastStep}
 * @param source the params map the row was built from (a cache key, compared by identity)
 */
record Row(
    int number,
    Kind kind,
    double value,
    int lastStep,
    double lastValue,
    double[] x,
    int pattern,
    Map<String, Object> source) {

  enum Kind {
    COMPLETE,
    PRUNED,
    LIAR
  }

  /** Whether every parameter in {@code dims} is present. */
  boolean has(int[] dims) {
    for (int d : dims) {
      if (Double.isNaN(x[d])) {
        return false;
      }
    }
    return true;
  }
}
