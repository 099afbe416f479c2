package org.gistsweep.orchestrator.study;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.spec.Budget;
import org.gistsweep.common.spec.SamplerSpec;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.trial.Direction;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.pruner.Pareto;

/**
 * An immutable view of a study, safe to hand to any thread.
 *
 * @param id the study id, {@code <name>-<suffix>}
 * @param spec the sweep it runs
 * @param state {@code running}, {@code paused}, {@code stopping}, {@code stopped}, {@code
 *     cancelled} or {@code complete}
 * @param maxTrials trials the study will create in total (the budget, capped by a grid's size)
 * @param counts trials per state; every state is present
 * @param bestTrial number of the best COMPLETE trial, or {@code null}
 * @param bestValue its value, or {@code null}
 * @param trials every trial, by number
 * @param ignoredMessages messages that were fenced off (stale, duplicate, unknown, too late)
 * @param recentIgnored the reasons of the latest ignored messages, oldest first
 * @param createdAt when the study was submitted
 * @param finishedAt when it finished (complete, stopped or cancelled), or {@code null}
 * @param archived whether it is archived: hidden from lists, kept in the journal
 * @param controls every control applied to it, oldest first
 * @param enqueued the parameters queued for its next trials, oldest first
 */
public record StudySnapshot(
    String id,
    SweepSpec spec,
    String state,
    int maxTrials,
    Map<TrialState, Integer> counts,
    Integer bestTrial,
    Double bestValue,
    List<TrialSnapshot> trials,
    long ignoredMessages,
    List<String> recentIgnored,
    Instant createdAt,
    Instant finishedAt,
    boolean archived,
    List<ControlRecord> controls,
    List<Map<String, Object>> enqueued) {

  /** {@link #state()} of a study that may still create or run trials. */
  public static final String RUNNING = "running";

  /** {@link #state()} of a study whose trials are all finished and whose budget is spent. */
  public static final String COMPLETE = "complete";

  /** {@link #state()} of a study that a person paused: no new trial is created, live ones go on. */
  public static final String PAUSED = "paused";

  /** {@link #state()} of a study asked to stop whose running trials are still finishing. */
  public static final String STOPPING = "stopping";

  /** {@link #state()} of a stopped study whose running trials have finished. */
  public static final String STOPPED = "stopped";

  /** {@link #state()} of a cancelled study: every live trial was stopped as CANCELLED. */
  public static final String CANCELLED = "cancelled";

  public StudySnapshot {
    counts = Collections.unmodifiableMap(new EnumMap<>(counts));
    trials = List.copyOf(trials);
    recentIgnored = List.copyOf(recentIgnored);
    controls = List.copyOf(controls);
    enqueued = List.copyOf(enqueued);
  }

  /** A study no control has touched. */
  public StudySnapshot(
      String id,
      SweepSpec spec,
      String state,
      int maxTrials,
      Map<TrialState, Integer> counts,
      Integer bestTrial,
      Double bestValue,
      List<TrialSnapshot> trials,
      long ignoredMessages,
      List<String> recentIgnored,
      Instant createdAt,
      Instant finishedAt) {
    this(
        id,
        spec,
        state,
        maxTrials,
        counts,
        bestTrial,
        bestValue,
        trials,
        ignoredMessages,
        recentIgnored,
        createdAt,
        finishedAt,
        false,
        List.of(),
        List.of());
  }

  /** The sweep's name. */
  public String name() {
    return spec.name();
  }

  /** Whether the objective is maximised or minimised. */
  public Direction direction() {
    return spec.objective().direction();
  }

  /** The objective metric, e.g. {@code val_top1}. */
  public String metric() {
    return spec.objective().metric();
  }

  /** The sweep's budget. */
  public Budget budget() {
    return spec.budget();
  }

  /** The sweep's sampler. */
  public SamplerSpec sampler() {
    return spec.sampler();
  }

  /** The direction of every objective, in order (one for a single-objective study). */
  public List<Direction> directions() {
    return spec.directions();
  }

  /**
   * The numbers of the COMPLETE trials that no other COMPLETE trial dominates (trials whose values
   * are unknown or NaN are left out). For one objective: every trial sharing the best value.
   */
  public List<Integer> paretoFront() {
    List<TrialSnapshot> done =
        trials.stream()
            .filter(
                t -> t.state() == TrialState.COMPLETE && t.values().size() == directions().size())
            .filter(t -> t.values().stream().noneMatch(v -> v.isNaN()))
            .toList();
    List<List<Double>> vectors = done.stream().map(TrialSnapshot::values).toList();
    return Pareto.front(vectors, directions()).stream().map(i -> done.get(i).number()).toList();
  }

  /** Compute saved by pruning: the epochs pruned trials did not train, summed over the study. */
  public long prunedEpochsSaved() {
    return trials.stream().mapToLong(TrialSnapshot::prunedEpochsSaved).sum();
  }

  /** Whether every trial is finished and the budget is spent. */
  public boolean isComplete() {
    return COMPLETE.equals(state);
  }

  /** Whether the study is over: complete, stopped or cancelled. */
  public boolean isFinished() {
    return COMPLETE.equals(state) || STOPPED.equals(state) || CANCELLED.equals(state);
  }
}
