package org.gistsweep.orchestrator.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.BooleanSupplier;
import org.gistsweep.common.spec.EnqueuedParams;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.sampler.ObservedTrial;
import org.gistsweep.orchestrator.sampler.Sampler;
import org.gistsweep.orchestrator.study.TrialError;
import org.gistsweep.orchestrator.study.TrialSnapshot;

/** Samples a run of new trials off the event loop and resolves their training configurations. */
final class Suggestions {
  private Suggestions() {}

  /**
   * One new trial: its parameters and configuration, or the error that stops it from running.
   *
   * @param error {@code null} unless the sampler or the configuration failed
   */
  record Suggestion(
      int number, Map<String, Object> params, Map<String, Object> config, TrialError error) {}

  /**
   * Suggests trials {@code first .. first+count-1}. Pure apart from the sampler; safe on a worker
   * thread because {@code history} is an immutable snapshot. The first trials take the {@code
   * enqueued} params in order, with the parameters they leave out sampled (as Optuna's {@code
   * enqueue_trial}).
   *
   * @param wanted asked before each suggestion; once false (a control changed the study), the
   *     suggestions made so far are returned and no more are made
   */
  static List<Suggestion> make(
      SweepSpec spec,
      Sampler sampler,
      int first,
      int count,
      List<TrialSnapshot> history,
      List<Map<String, Object>> enqueued,
      ServiceMetrics metrics,
      BooleanSupplier wanted) {
    List<Suggestion> out = new ArrayList<>();
    List<ObservedTrial> seen = new ArrayList<>(history);
    for (int n = first; n < first + count && wanted.getAsBoolean(); n++) {
      Map<String, Object> params;
      try {
        long began = System.nanoTime();
        params = sampler.suggest(spec.space(), n, List.copyOf(seen));
        metrics.samplerAsked(sampler.type(), System.nanoTime() - began);
        if (n - first < enqueued.size()) {
          params = EnqueuedParams.merge(spec.space(), params, enqueued.get(n - first));
        }
        seen.add(new Pending(n, params));
      } catch (RuntimeException e) {
        out.add(
            new Suggestion(
                n,
                Map.of(),
                Map.of(),
                new TrialError("sampler", "sampler " + sampler.type() + " failed: " + e, false)));
        continue;
      }
      try {
        out.add(new Suggestion(n, params, spec.settingsFor(params).toMap(), null));
      } catch (SpecException e) {
        out.add(
            new Suggestion(
                n, params, Map.of(), new TrialError("invalid_config", e.getMessage(), false)));
      }
    }
    return out;
  }

  /**
   * A trial suggested earlier in the same batch: the sampler sees it as WAITING, so constant liar
   * keeps the batch's suggestions apart just as it does for trials already running.
   */
  private record Pending(int number, Map<String, Object> params) implements ObservedTrial {
    @Override
    public TrialState state() {
      return TrialState.WAITING;
    }

    @Override
    public Double value() {
      return null;
    }

    @Override
    public SortedMap<Integer, Double> intermediateValues() {
      return Collections.emptySortedMap();
    }
  }
}
