package org.gistsweep.orchestrator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.spec.SearchSpace;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.sampler.Sampler;

/** Ask/tell over one study: our samplers in-process, or Optuna through {@link OptunaProcess}. */
interface Asker {
  /** A new trial: its number and parameters (it is RUNNING until told). */
  SimTrial ask();

  /** Finishes trial {@code number} with {@code value}. */
  void tell(int number, double value);

  /** Our sampler over an in-memory history; RUNNING trials are visible to it (constant liar). */
  static Asker of(Sampler sampler, SearchSpace space) {
    List<SimTrial> history = new ArrayList<>();
    return new Asker() {
      @Override
      public SimTrial ask() {
        int n = history.size();
        Map<String, Object> p = sampler.suggest(space, n, List.copyOf(history));
        SimTrial t = new SimTrial(n, TrialState.RUNNING, p, null);
        history.add(t);
        return t;
      }

      @Override
      public void tell(int number, double value) {
        history.set(
            number, new SimTrial(number, TrialState.COMPLETE, history.get(number).params(), value));
      }
    };
  }
}
