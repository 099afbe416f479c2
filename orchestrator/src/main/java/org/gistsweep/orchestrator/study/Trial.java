package org.gistsweep.orchestrator.study;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>Objective vectors: a worker's epoch gives one value per objective (the epoch's metric, or the
 * trial's constant {@code trainable_params}, NaN until known); an ask/tell client reports vectors
 * directly. The first objective is the trial's {@code value}; a finished worker trial's {@code
 * values} are the vector of its best epoch by the first objective (the checkpoint one would keep).
 */
final class Trial {
  final String study;
  final int number;
  final Map<String, Object> params;
  final Map<String, Object> config;
  private final List<Objective> objectives;
  private final Objective objective;
  private final int totalEpochs;
  private final Instant createdAt;
  private final TreeMap<Integer, EpochRecord> epochs = new TreeMap<>();
  private final TreeMap<Integer, List<Double>> reports = new TreeMap<>();
  /** Each epoch's objective vector, computed once when it arrives (a snapshot copies, never recomputes). */
  private final TreeMap<Integer, List<Double>> epochVectors = new TreeMap<>();
  private List<Double> values = List.of();
  private TrialState state = TrialState.WAITING;
  private boolean startRecorded;
  private int attempt = 1;
  /** The current attempt's token, or {@code null} in a study without a secret. */
  private String token;
  private String worker;
  private Long trainableParams;
  private Instant lastSeen;
  private Long totalParams;
  private Long gistParams;
  private Double value;
  private Integer finishedBestEpoch;
  private Double finishedLastValue;
  private TrialError error;
  private Instant startedAt;
  private Instant finishedAt;
  private TrialSnapshot snapshot;
  /** Attempts that ended and were issued again, oldest first. */
  private final List<AttemptRecord> endedAttempts = new ArrayList<>();
  /** What the final attempt stored in the artifact store, and what was deleted since. */
  private final TrialArtifacts artifacts = new TrialArtifacts();

  Trial(String study, int number, Map<String, Object> params, Map<String, Object> config, List<Objective> objectives, int totalEpochs,
      Instant createdAt) {
    this.study = study;
    this.number = number;
    this.params = params;
    this.config = config;
    this.objectives = List.copyOf(objectives);
    this.objective = objectives.get(0);
    this.totalEpochs = totalEpochs;
    this.createdAt = createdAt;
  }

  TrialState state() {
    return state;
  }

  int attempt() {
    return attempt;
  }

  /** The current attempt's token ({@code null} in a study without a secret). */
  String token() {
    return token;
  }

  /** Sets the token of the current attempt, when it is issued. */
  void issue(String attemptToken) {
    this.token = attemptToken;
  }

  /** The epochs the trial trains (its config's {@code epochs}). */
  int totalEpochs() {
    return totalEpochs;
  }

  /** The highest epoch the current attempt reported, 0 before any. */
  int highestEpoch() {
    return epochs.isEmpty() ? 0 : epochs.lastKey();
  }

  boolean hasEpoch(int epoch) {
    return epochs.containsKey(epoch) || reports.containsKey(epoch);
  }

  /** Whether the current attempt's TrialStarted was applied. */
  boolean startRecorded() {
    return startRecorded;
  }

  /** When the current attempt's worker last showed a sign of life, or {@code null}. */
  Instant lastSeen() {
    return lastSeen;
  }

  /** The worker running the current attempt, or {@code null}. */
  String worker() {
    return worker;
  }

  /** WAITING -> RUNNING on the first sign of life of the current attempt. */
  void markRunning(String byWorker, Instant now) {
    lastSeen = now;
    if (state == TrialState.WAITING) {
      moveTo(TrialState.RUNNING);
      startedAt = now;
    }
    worker = byWorker;
    snapshot = null;
  }

  /**
   * Names the worker of the current attempt when none is known yet: the one that failed it before
   * any other sign of life. The orchestrator's own failures (an expired lease) name no worker.
   */
  void attributeTo(String reporter) {
    if (worker == null && reporter != null && !Study.ORCHESTRATOR.equals(reporter)) {
      worker = reporter;
      snapshot = null;
    }
  }

  void recordStart(TrialStarted m, Instant now) {
    markRunning(m.worker(), now);
    startRecorded = true;
    trainableParams = m.trainableParams();
    totalParams = m.totalParams();
    gistParams = m.gistParams();
    recomputeVectors();
  }

  void addEpoch(EpochRecord epoch, String byWorker, Instant now) {
    markRunning(byWorker, now);
    epochs.put(epoch.epoch(), epoch);
    epochVectors.put(epoch.epoch(), vector(epoch));
  }

  void finish(TrialFinished m, Instant now) {
    moveTo(TrialFinished.PRUNED.equals(m.outcome()) ? TrialState.PRUNED : TrialState.COMPLETE);
    worker = m.worker();
    artifacts.finished(m);
    if (trainableParams == null) {
      trainableParams = m.trainableParams();
      totalParams = m.totalParams();
      recomputeVectors();
    }
    boolean reportedIsObjective = "val_top1".equals(objective.metric());
    Integer best = bestEpoch();
    if (best != null) {
      values = vector(epochs.get(best));
      value = values.get(0);
    } else if (reportedIsObjective && Double.isFinite(m.bestValue())) {
      value = m.bestValue();
      finishedBestEpoch = m.bestEpoch();
      finishedLastValue = m.lastValue();
      values = objectives.stream().map(o -> o == objective ? value : constant(o)).toList();
    }
    finishedAt = now;
    snapshot = null;
  }

  /**
   * Stops a live trial at a person's request, as PRUNED or CANCELLED: the epochs so far are kept,
   * and its values are those of its best epoch (or last report), as for a trial the pruner stopped.
   */
  void stopByControl(TrialState as, Instant now) {
    moveTo(as);
    Integer best = bestEpoch();
    if (best != null) {
      values = vector(epochs.get(best));
      value = values.get(0);
    } else if (!reports.isEmpty()) {
      values = List.copyOf(reports.lastEntry().getValue());
      value = values.get(0);
    }
    finishedAt = now;
    snapshot = null;
  }

  /** Records an ask/tell report: the objective vector at {@code step}. */
  void report(int step, List<Double> vector) {
    reports.put(step, List.copyOf(vector));
    snapshot = null;
  }

  /**
   * Finishes an ask/tell trial. COMPLETE takes the told vector; PRUNED takes it, or else the last
   * reported vector (as Optuna's {@code tell} does); FAILED keeps none.
   */
  void tell(TrialState outcome, List<Double> told, Instant now) {
    moveTo(outcome);
    if (outcome != TrialState.FAILED) {
      List<Double> v = !told.isEmpty() ? told : reports.isEmpty() ? List.of() : reports.lastEntry().getValue();
      values = List.copyOf(v);
      value = values.isEmpty() ? null : values.get(0);
    }
    finishedAt = now;
    snapshot = null;
  }

  /** Records that these weight and sidecar keys of the trial were deleted from the artifact store. */
  void artifactsDeleted(List<String> keys, String reason) {
    artifacts.deleted(keys, reason);
    snapshot = null;
  }

  /** Records that every artifact of the trial (its logs too) was deleted with its study. */
  void allArtifactsDeleted(String reason) {
    artifacts.deletedAll(reason);
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
    endedAttempts.add(new AttemptRecord(attempt, worker, startedAt, now, AttemptRecord.failureOutcome(cause), cause.message()));
    attempt++;
    epochs.clear();
    epochVectors.clear();
    reports.clear();
    startRecorded = false;
    worker = null;
    startedAt = null;
    lastSeen = null;
    return true;
  }

  private void moveTo(TrialState next) {
    Transitions.check(number, state, next);
    state = next;
  }

  private double metric(EpochRecord e, Objective o) {
    return Objective.TRAINABLE_PARAMS.equals(o.metric()) ? constant(o) : e.metric(o.metric());
  }

  private double constant(Objective o) {
    return Objective.TRAINABLE_PARAMS.equals(o.metric()) && trainableParams != null ? trainableParams : Double.NaN;
  }

  private List<Double> vector(EpochRecord e) {
    return objectives.stream().map(o -> metric(e, o)).toList();
  }

  /** Every reported objective vector by step: the worker's epochs, or the client's reports. */
  private SortedMap<Integer, List<Double>> vectors() {
    TreeMap<Integer, List<Double>> out = new TreeMap<>(reports);
    out.putAll(epochVectors);
    return out;
  }

  /** After {@code trainableParams} changed: the constant objective of every epoch vector changes. */
  private void recomputeVectors() {
    epochVectors.clear();
    epochs.forEach((k, e) -> epochVectors.put(k, vector(e)));
  }

  private Integer bestEpoch() {
    Integer best = null;
    double bestValue = objective.direction().worst();
    for (EpochRecord e : epochs.values()) {
      double v = metric(e, objective);
      if (Double.isFinite(v) && (best == null || objective.direction().isBetter(v, bestValue))) {
        best = e.epoch();
        bestValue = v;
      }
    }
    return best;
  }

  /** Every attempt: the ended ones, then the current one. */
  private List<AttemptRecord> attempts() {
    List<AttemptRecord> all = new ArrayList<>(endedAttempts);
    String outcome = state == TrialState.FAILED && error != null ? AttemptRecord.failureOutcome(error) : state.name();
    String reason = state == TrialState.FAILED && error != null ? error.message() : null;
    all.add(new AttemptRecord(attempt, worker, startedAt, finishedAt, outcome, reason));
    return all;
  }

  TrialSnapshot snapshot() {
    if (snapshot == null) {
      SortedMap<Integer, List<Double>> vectors = vectors();
      SortedMap<Integer, Double> intermediate = new TreeMap<>();
      vectors.forEach((k, v) -> intermediate.put(k, v.get(0)));
      Integer best = epochs.isEmpty() ? finishedBestEpoch : bestEpoch();
      Double last = vectors.isEmpty() ? finishedLastValue : intermediate.get(intermediate.lastKey());
      int current = vectors.isEmpty() ? 0 : vectors.lastKey();
      List<AttemptRecord> all = attempts();
      snapshot =
          new TrialSnapshot(
              number, state, params, value, best, last, new ArrayList<>(epochs.values()), current,
              totalEpochs, trainableParams, totalParams, gistParams, worker, attempt, error,
              createdAt, startedAt, finishedAt, intermediate, values, vectors, all,
              artifacts.view(study, number, all), artifacts.error(), artifacts.weightsDeleted());
    }
    return snapshot;
  }
}
