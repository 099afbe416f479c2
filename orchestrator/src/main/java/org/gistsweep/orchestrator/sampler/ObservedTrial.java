package org.gistsweep.orchestrator.sampler;

import java.util.Map;
import java.util.SortedMap;
import org.gistsweep.common.trial.TrialState;

/**
 * What a sampler may know about one earlier trial of its study: everything an adaptive sampler such
 * as TPE needs (parameters, state, final value, the objective at each epoch), nothing about
 * transport or timing. Implementations are immutable snapshots: a sampler may keep what it derived
 * from one and reuse it while the same object appears in later histories.
 */
public interface ObservedTrial {

  /** The trial number within the study, from 0. */
  int number();

  /** The trial's state when the history was taken; RUNNING trials matter for constant liar. */
  TrialState state();

  /** The sampled parameters (inactive conditional parameters are absent). */
  Map<String, Object> params();

  /** The trial's objective value (best over its epochs), or {@code null} when it has none. */
  Double value();

  /**
   * The objective metric after each epoch of the current attempt, keyed by 1-based epoch; what a
   * pruned trial's rank is judged by.
   */
  SortedMap<Integer, Double> intermediateValues();
}
