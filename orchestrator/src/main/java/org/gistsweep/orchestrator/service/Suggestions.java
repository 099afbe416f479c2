package org.gistsweep.orchestrator.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.spec.SweepSpec;
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
  record Suggestion(int number, Map<String, Object> params, Map<String, Object> config, TrialError error) {}

  /**
   * Suggests trials {@code first .. first+count-1}. Pure apart from the sampler; safe on a worker
   * thread because {@code history} is an immutable snapshot.
   */
  static List<Suggestion> make(
      SweepSpec spec, Sampler sampler, int first, int count, List<TrialSnapshot> history) {
    List<Suggestion> out = new ArrayList<>();
    for (int n = first; n < first + count; n++) {
      Map<String, Object> params;
      try {
        params = sampler.suggest(spec.space(), n, history);
      } catch (RuntimeException e) {
        out.add(new Suggestion(n, Map.of(), Map.of(), new TrialError("sampler", "sampler " + sampler.type() + " failed: " + e, false)));
        continue;
      }
      try {
        out.add(new Suggestion(n, params, spec.settingsFor(params).toMap(), null));
      } catch (SpecException e) {
        out.add(new Suggestion(n, params, Map.of(), new TrialError("invalid_config", e.getMessage(), false)));
      }
    }
    return out;
  }
}
