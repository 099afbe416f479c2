package org.gistsweep.orchestrator.bench;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.sampler.ObservedTrial;

/** A simulated trial of the benchmark: RUNNING until its evaluation finishes, then COMPLETE. */
record SimTrial(int number, TrialState state, Map<String, Object> params, Double value)
    implements ObservedTrial {

  @Override
  public SortedMap<Integer, Double> intermediateValues() {
    return new TreeMap<>();
  }
}
