package org.gistsweep.common.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.trial.Direction;

/**
 * A whole sweep as read from a sweep file: name, objective(s), budget, sampler, pruner, the fixed
 * training settings shared by every trial, and the search space. Already validated: every space
 * parameter is a known training setting with values it accepts (ask/tell studies, which train
 * nothing, have free parameter names and no training settings).
 *
 * @param objective the first (or only) objective; what {@code value}, {@code best_trial} and the
 *     single-objective samplers use
 * @param training fixed settings (setting name to value), overlaid by each trial's params
 * @param pruner how unpromising trials are stopped early ({@link PrunerSpec#NONE} for never)
 * @param objectives every objective, {@code objective} first; one element for a single-objective
 *     sweep
 * @param enqueue parameters for the first trials, in order (the sweep file's {@code enqueue:} list;
 *     each may be partial, the rest is sampled); checked against the space
 * @param retain which trials keep their weights in the artifact store ({@code retain: {best: K}};
 *     {@code null} = {@link Retention#DEFAULT})
 */
public record SweepSpec(
    String name,
    Objective objective,
    Budget budget,
    SamplerSpec sampler,
    Map<String, Object> training,
    SearchSpace space,
    PrunerSpec pruner,
    List<Objective> objectives,
    List<Map<String, Object>> enqueue,
    Retention retain) {

  public SweepSpec {
    training = Collections.unmodifiableMap(new LinkedHashMap<>(training));
    pruner = pruner == null ? PrunerSpec.NONE : pruner;
    objectives =
        objectives == null || objectives.isEmpty() ? List.of(objective) : List.copyOf(objectives);
    if (!objectives.get(0).equals(objective)) {
      throw new IllegalArgumentException(
          "objectives must start with objective " + objective + ", got " + objectives);
    }
    enqueue =
        enqueue == null
            ? List.of()
            : enqueue.stream()
                .map(p -> Collections.unmodifiableMap(new LinkedHashMap<>(p)))
                .toList();
    retain = retain == null ? Retention.DEFAULT : retain;
  }

  /** A sweep that keeps the default number of trials' weights ({@link Retention#DEFAULT}). */
  public SweepSpec(
      String name,
      Objective objective,
      Budget budget,
      SamplerSpec sampler,
      Map<String, Object> training,
      SearchSpace space,
      PrunerSpec pruner,
      List<Objective> objectives,
      List<Map<String, Object>> enqueue) {
    this(
        name,
        objective,
        budget,
        sampler,
        training,
        space,
        pruner,
        objectives,
        enqueue,
        Retention.DEFAULT);
  }

  /** A sweep with no enqueued trials. */
  public SweepSpec(
      String name,
      Objective objective,
      Budget budget,
      SamplerSpec sampler,
      Map<String, Object> training,
      SearchSpace space,
      PrunerSpec pruner,
      List<Objective> objectives) {
    this(name, objective, budget, sampler, training, space, pruner, objectives, List.of());
  }

  /** The same sweep with another budget. */
  public SweepSpec withBudget(Budget newBudget) {
    return new SweepSpec(
        name, objective, newBudget, sampler, training, space, pruner, objectives, enqueue, retain);
  }

  /** The same sweep keeping another number of trials' weights. */
  public SweepSpec withRetain(Retention newRetain) {
    return new SweepSpec(
        name, objective, budget, sampler, training, space, pruner, objectives, enqueue, newRetain);
  }

  /** A single-objective sweep without a pruner. */
  public SweepSpec(
      String name,
      Objective objective,
      Budget budget,
      SamplerSpec sampler,
      Map<String, Object> training,
      SearchSpace space) {
    this(name, objective, budget, sampler, training, space, PrunerSpec.NONE, List.of(objective));
  }

  /** The full training configuration of a trial with these sampled parameters. */
  public TrainingSettings settingsFor(Map<String, ?> params) {
    return TrainingSettings.resolve(training, params);
  }

  /** The direction of every objective, in order. */
  public List<Direction> directions() {
    return objectives.stream().map(Objective::direction).toList();
  }

  /** Whether the sweep has more than one objective. */
  public boolean isMultiObjective() {
    return objectives.size() > 1;
  }
}
