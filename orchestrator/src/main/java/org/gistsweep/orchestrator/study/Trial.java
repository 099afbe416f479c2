package org.gistsweep.orchestrator.study;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.gistsweep.common.spec.Objective;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;

/**
 * The mutable record of one trial, owned by its {@link Study}. Every state change goes through
 * {@link #moveTo}, which asks {@link Transitions}; fencing (which messages reach these methods) is
 * the study's job.
 */
final class Trial {
  final int number;
  final Map<String, Object> params;
  final Map<String, Object> config;
  private final Objective objective;
  private final int totalEpochs;
  private final Instant createdAt;
  private final TreeMap<Integer, EpochRecord> epochs = new TreeMap<>();
  private TrialState state = TrialState.WAITING;
  private boolean startRecorded;
  private int attempt = 1;
  private String worker;
  private Long trainableParams;
  private Long totalParams;
  private Long gistParams;
  private Double value;
  private Integer finishedBestEpoch;
  private Double finishedLastValue;
  private TrialError error;
  private Instant startedAt;
  private Instant finishedAt;
  private TrialSnapshot snapshot;

  Trial(int number, Map<String, Object> params, Map<String, Object> config, Objective objective, int totalEpochs, Instant createdAt) {
    this.number = number;
    this.params = params;
    this.config = config;
    this.objective = objective;
    this.totalEpochs = totalEpochs;
    this.createdAt = createdAt;
  }

  TrialState state() {
    return state;
  }

  int attempt() {
    return attempt;
  }

  boolean hasEpoch(int epoch) {
    return epochs.containsKey(epoch);
  }

  /** Whether the current attempt's TrialStarted was applied. */
  boolean startRecorded() {
    return startRecorded;
  }

  /** WAITING -> RUNNING on the first sign of life of the current attempt. */
  void markRunning(String byWorker, Instant now) {
    if (state == TrialState.WAITING) {
      moveTo(TrialState.RUNNING);
      startedAt = now;
    }
    worker = byWorker;
    snapshot = null;
  }

  void recordStart(TrialStarted m, Instant now) {
    markRunning(m.worker(), now);
    startRecorded = true;
    trainableParams = m.trainableParams();
    totalParams = m.totalParams();
    gistParams = m.gistParams();
  }

  void addEpoch(EpochRecord epoch, String byWorker, Instant now) {
    markRunning(byWorker, now);
    epochs.put(epoch.epoch(), epoch);
  }

  void finish(TrialFinished m, Instant now) {
    moveTo(TrialFinished.PRUNED.equals(m.outcome()) ? TrialState.PRUNED : TrialState.COMPLETE);
    worker = m.worker();
    if (trainableParams == null) {
      trainableParams = m.trainableParams();
      totalParams = m.totalParams();
    }
    boolean reportedIsObjective = "val_top1".equals(objective.metric());
    Integer best = bestEpoch();
    if (best != null) {
      value = epochs.get(best).metric(objective.metric());
    } else if (reportedIsObjective && Double.isFinite(m.bestValue())) {
      value = m.bestValue();
      finishedBestEpoch = m.bestEpoch();
      finishedLastValue = m.lastValue();
    }
    finishedAt = now;
    snapshot = null;
  }

  /** Moves to FAILED, or back to WAITING with the next attempt; returns whether it will retry. */
  boolean fail(TrialError cause, int maxAttempts, Instant now) {
    error = cause;
    snapshot = null;
    if (!cause.retriable() || attempt >= maxAttempts) {
      moveTo(TrialState.FAILED);
      finishedAt = now;
      return false;
    }
    moveTo(TrialState.WAITING);
    attempt++;
    epochs.clear();
    startRecorded = false;
    worker = null;
    startedAt = null;
    return true;
  }

  private void moveTo(TrialState next) {
    Transitions.check(number, state, next);
    state = next;
  }

  private Integer bestEpoch() {
    Integer best = null;
    double bestValue = objective.direction().worst();
    for (EpochRecord e : epochs.values()) {
      double v = e.metric(objective.metric());
      if (Double.isFinite(v) && (best == null || objective.direction().isBetter(v, bestValue))) {
        best = e.epoch();
        bestValue = v;
      }
    }
    return best;
  }

  TrialSnapshot snapshot() {
    if (snapshot == null) {
      SortedMap<Integer, Double> intermediate = new TreeMap<>();
      epochs.forEach((k, e) -> intermediate.put(k, e.metric(objective.metric())));
      Integer best = epochs.isEmpty() ? finishedBestEpoch : bestEpoch();
      Double last = epochs.isEmpty() ? finishedLastValue : intermediate.get(intermediate.lastKey());
      int current = epochs.isEmpty() ? 0 : epochs.lastKey();
      snapshot =
          new TrialSnapshot(
              number, state, params, value, best, last, new ArrayList<>(epochs.values()), current,
              totalEpochs, trainableParams, totalParams, gistParams, worker, attempt, error,
              createdAt, startedAt, finishedAt, intermediate);
    }
    return snapshot;
  }
}
