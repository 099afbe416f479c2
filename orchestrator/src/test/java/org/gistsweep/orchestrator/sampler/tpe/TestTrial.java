package org.gistsweep.orchestrator.sampler.tpe;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.sampler.ObservedTrial;

/** A hand-made history entry. */
record TestTrial(
    int number,
    TrialState state,
    Map<String, Object> params,
    Double value,
    SortedMap<Integer, Double> intermediateValues)
    implements ObservedTrial {

  static TestTrial complete(int number, Map<String, Object> params, double value) {
    return new TestTrial(number, TrialState.COMPLETE, params, value, new TreeMap<>());
  }

  static TestTrial running(int number, Map<String, Object> params) {
    return new TestTrial(number, TrialState.RUNNING, params, null, new TreeMap<>());
  }

  static TestTrial pruned(int number, Map<String, Object> params, int step, double last) {
    TreeMap<Integer, Double> iv = new TreeMap<>();
    iv.put(step, last);
    return new TestTrial(number, TrialState.PRUNED, params, null, iv);
  }
}
