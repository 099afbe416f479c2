package org.gistsweep.common.spec;

import java.util.Map;

/**
 * A whole sweep as read from a sweep file: name, objective, budget, sampler, the fixed training
 * settings shared by every trial, and the search space. Already validated: every space parameter is
 * a known training setting with values it accepts.
 *
 * @param training fixed settings (setting name to value), overlaid by each trial's params
 */
public record SweepSpec(
    String name,
    Objective objective,
    Budget budget,
    SamplerSpec sampler,
    Map<String, Object> training,
    SearchSpace space) {

  public SweepSpec {
    training = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(training));
  }

  /** The full training configuration of a trial with these sampled parameters. */
  public TrainingSettings settingsFor(Map<String, ?> params) {
    return TrainingSettings.resolve(training, params);
  }
}
