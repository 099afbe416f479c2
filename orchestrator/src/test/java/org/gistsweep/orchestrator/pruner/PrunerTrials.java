package org.gistsweep.orchestrator.pruner;

import java.util.List;
import java.util.TreeMap;
import org.gistsweep.common.trial.TrialState;

/** Builds pruner inputs for tests: values listed from step 1. */
final class PrunerTrials {
  private PrunerTrials() {}

  static PrunerTrial trial(int number, TrialState state, double... values) {
    TreeMap<Integer, List<Double>> m = new TreeMap<>();
    for (int i = 0; i < values.length; i++) {
      m.put(i + 1, List.of(values[i]));
    }
    return new PrunerTrial(number, state, m);
  }

  @SafeVarargs
  static PrunerTrial vectors(int number, TrialState state, List<Double>... values) {
    TreeMap<Integer, List<Double>> m = new TreeMap<>();
    for (int i = 0; i < values.length; i++) {
      m.put(i + 1, values[i]);
    }
    return new PrunerTrial(number, state, m);
  }

  static PrunerTrial complete(int number, double... values) {
    return trial(number, TrialState.COMPLETE, values);
  }

  static PrunerTrial running(int number, double... values) {
    return trial(number, TrialState.RUNNING, values);
  }
}
