package org.gistsweep.orchestrator.study;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.gistsweep.common.spec.Objective;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.common.wire.ResumePoint;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.TrialSuspended;

/**
 * The mutable record of one trial, owned by its {@link Study}. Every state change goes through
 * {@link #moveTo}, which asks {@link Transitions}; fencing (which messages reach these methods) is
 * the study's job.
 *
 * <p>Objective vectors: a worker's epoch gives one value per objective (the epoch's metric, or the
 * trial's constant {@code trainable_params}, NaN until known); an ask/tell client reports vectors
 * directly. The first objective is the trial's {@code value}; a finished worker trial's {@code
 * values} are the vector of its best epoch by the first objective (the checkpoint one would keep).
 *
 * <p>Resuming: each epoch checkpoint a worker reports is recorded ({@link TrialCheckpoints}); an
 * attempt issued again (a retry, a resume after a suspend, a promotion) resumes from the latest,
 * keeping the recorded epochs up to it and dropping the lost attempt's later ones. An attempt that
 * refuses the checkpoint (or starts from epoch 1 without saying so) drops them all.
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

  /**
   * Each epoch's objective vector, computed once when it arrives (a snapshot copies, never
   * recomputes).
   */
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

  private final TrialCheckpoints checkpoints = new TrialCheckpoints();

  /** Promotion ASHA: the epoch after which the current attempt pauses (0: trains to the end). */
  private int pauseAfterEpoch;

  /** The checkpoint the current attempt was issued to resume from, or {@code null}. */
  private ResumePoint resumedFrom;

  /** Why the current attempt's worker refused {@link #resumedFrom}, or {@code null}. */
  private String resumeRefused;

  /**
   * While SUSPENDED: {@code suspend} (a person) or {@code rung} (promotion ASHA); else {@code
   * null}.
   */
  private String suspendReason;

  /** A person asked the running attempt to suspend; it has not handed the trial back yet. */
  private boolean suspendRequested;

  /**
   * Attempts that ended by a hand-back (a suspend or a rung): they do not count against
   * max_attempts.
   */
  private int handedBack;

  /**
   * The current attempt number is not issued yet (the trial was handed back): it is no attempt to
   * list.
   */
  private boolean unissued;

  Trial(
      String study,
      int number,
      Map<String, Object> params,
      Map<String, Object> config,
      List<Objective> objectives,
      int totalEpochs,
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

  /**
   * Sets the token of the current attempt, when it is issued; it resumes from the latest
   * checkpoint.
   */
  void issue(String attemptToken) {
    this.token = attemptToken;
    this.resumedFrom = checkpoints.latest();
    this.unissued = false;
  }

  /** The checkpoint the current attempt resumes from, or {@code null}. */
  ResumePoint resumedFrom() {
    return resumedFrom;
  }

  /** Promotion ASHA: the epoch after which the current attempt pauses, 0 for none. */
  int pauseAfterEpoch() {
    return pauseAfterEpoch;
  }

  /** Sets the epoch after which the next issued attempt pauses (promotion ASHA), 0 for none. */
  void pauseAfter(int epoch) {
    this.pauseAfterEpoch = epoch;
  }

  /** While SUSPENDED, why: {@link TrialSuspended#ON_REQUEST} or {@link TrialSuspended#AT_RUNG}. */
  String suspendReason() {
    return suspendReason;
  }

  /** Whether a person asked the running attempt to suspend and it has not yet. */
  boolean suspendRequested() {
    return suspendRequested;
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
    if (resumedFrom != null && m.resumedFromEpoch() == 0) {
      // refused (or a worker that cannot resume): it trains from epoch 1, so the recorded epochs go
      resumeRefused =
          m.resumeRefused() != null ? m.resumeRefused() : "the worker started from epoch 1";
      checkpoints.dropLatest();
      epochs.clear();
      epochVectors.clear();
    }
    trainableParams = m.trainableParams();
    totalParams = m.totalParams();
    gistParams = m.gistParams();
    recomputeVectors();
  }

  void addEpoch(EpochRecord epoch, ArtifactRef checkpoint, String byWorker, Instant now) {
    markRunning(byWorker, now);
    epochs.put(epoch.epoch(), epoch);
    epochVectors.put(epoch.epoch(), vector(epoch));
    if (checkpoint != null) {
      checkpoints.record(checkpoint, epoch.epoch(), attempt);
    }
  }

  /** A person asked the running attempt to suspend (the request went to its worker). */
  void requestSuspend() {
    suspendRequested = true;
    snapshot = null;
  }

  /**
   * The attempt handed the trial back after {@code m.epoch()} with that epoch's checkpoint: it
   * becomes SUSPENDED, its attempt ends, and the next attempt (issued on resume) resumes from it.
   */
  void suspend(TrialSuspended m, Instant now) {
    checkpoints.record(m.checkpoint(), m.epoch(), attempt);
    String why =
        TrialSuspended.AT_RUNG.equals(m.reason())
            ? "paused at the rung after epoch " + m.epoch() + " (promotion asha)"
            : "suspended after epoch "
                + m.epoch()
                + (suspendRequested ? " as a person asked" : " by its worker");
    handBack(m.reason(), why, now);
  }

  /** A WAITING trial is suspended at once (no worker runs it): its attempt ends unstarted. */
  void suspendWaiting(Instant now) {
    handBack(TrialSuspended.ON_REQUEST, "suspended before a worker started it", now);
  }

  private void handBack(String reason, String why, Instant now) {
    moveTo(TrialState.SUSPENDED);
    endAttempt(AttemptRecord.SUSPENDED, why, now);
    handedBack++;
    suspendReason = reason;
    token = null;
    unissued = true;
  }

  /**
   * SUSPENDED -> WAITING: the next attempt (issued by the caller) resumes from the latest
   * checkpoint.
   */
  void resume(int pauseAfter) {
    moveTo(TrialState.WAITING);
    suspendReason = null;
    pauseAfterEpoch = pauseAfter;
    snapshot = null;
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
      List<Double> v =
          !told.isEmpty() ? told : reports.isEmpty() ? List.of() : reports.lastEntry().getValue();
      values = List.copyOf(v);
      value = values.isEmpty() ? null : values.get(0);
    }
    finishedAt = now;
    snapshot = null;
  }

  /**
   * Records that these weight and sidecar keys of the trial were deleted from the artifact store.
   */
  void artifactsDeleted(List<String> keys, String reason) {
    artifacts.deleted(keys, reason);
    snapshot = null;
  }

  /** Records that every artifact of the trial (its logs too) was deleted with its study. */
  void allArtifactsDeleted(String reason) {
    artifacts.deletedAll(reason);
    snapshot = null;
  }

  /**
   * Moves to FAILED, or back to WAITING with the next attempt (which resumes from the latest
   * checkpoint), or to SUSPENDED when the attempt was asked to suspend or its checkpoint already
   * reached its promotion rung; returns whether it will retry (an attempt is to be issued now).
   */
  boolean fail(TrialError cause, int maxAttempts, Instant now) {
    error = cause;
    snapshot = null;
    if (!cause.retriable() || attempt - handedBack >= maxAttempts) {
      moveTo(TrialState.FAILED);
      finishedAt = now;
      return false;
    }
    ResumePoint from = checkpoints.latest();
    int keep = from == null ? 0 : from.epoch();
    boolean atRung = pauseAfterEpoch > 0 && keep >= pauseAfterEpoch;
    moveTo(suspendRequested || atRung ? TrialState.SUSPENDED : TrialState.WAITING);
    endAttempt(AttemptRecord.failureOutcome(cause), cause.message(), now);
    epochs.tailMap(keep, false).clear();
    epochVectors.tailMap(keep, false).clear();
    reports.clear();
    if (state == TrialState.SUSPENDED) {
      suspendReason =
          atRung && !suspendRequested ? TrialSuspended.AT_RUNG : TrialSuspended.ON_REQUEST;
      token = null;
      unissued = true;
      return false;
    }
    return true;
  }

  /** Ends the current attempt with {@code outcome}; the next one gets the next number. */
  private void endAttempt(String outcome, String reason, Instant now) {
    endedAttempts.add(
        new AttemptRecord(
            attempt, worker, startedAt, now, outcome, reason, resumedFromRecord(), resumeRefused));
    attempt++;
    startRecorded = false;
    suspendRequested = false;
    worker = null;
    startedAt = null;
    lastSeen = null;
    resumedFrom = null;
    resumeRefused = null;
    snapshot = null;
  }

  private AttemptRecord.ResumedFrom resumedFromRecord() {
    return resumedFrom == null
        ? null
        : new AttemptRecord.ResumedFrom(resumedFrom.attempt(), resumedFrom.epoch());
  }

  /** Records that these checkpoint keys were deleted from the store. */
  void checkpointsDeleted(List<String> keys, String reason) {
    checkpoints.deleted(keys, reason);
    snapshot = null;
  }

  private void moveTo(TrialState next) {
    Transitions.check(number, state, next);
    state = next;
  }

  private double metric(EpochRecord e, Objective o) {
    return Objective.TRAINABLE_PARAMS.equals(o.metric()) ? constant(o) : e.metric(o.metric());
  }

  private double constant(Objective o) {
    return Objective.TRAINABLE_PARAMS.equals(o.metric()) && trainableParams != null
        ? trainableParams
        : Double.NaN;
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

  /**
   * After {@code trainableParams} changed: the constant objective of every epoch vector changes.
   */
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

  /**
   * Every attempt: the ended ones, then the current one, unless the trial was handed back and its
   * next attempt never issued (SUSPENDED, or stopped or pruned while suspended).
   */
  private List<AttemptRecord> attempts() {
    List<AttemptRecord> all = new ArrayList<>(endedAttempts);
    if (unissued) {
      return all;
    }
    String outcome =
        state == TrialState.FAILED && error != null
            ? AttemptRecord.failureOutcome(error)
            : state.name();
    String reason = state == TrialState.FAILED && error != null ? error.message() : null;
    all.add(
        new AttemptRecord(
            attempt,
            worker,
            startedAt,
            finishedAt,
            outcome,
            reason,
            resumedFromRecord(),
            resumeRefused));
    return all;
  }

  TrialSnapshot snapshot() {
    if (snapshot == null) {
      SortedMap<Integer, List<Double>> vectors = vectors();
      SortedMap<Integer, Double> intermediate = new TreeMap<>();
      vectors.forEach((k, v) -> intermediate.put(k, v.get(0)));
      Integer best = epochs.isEmpty() ? finishedBestEpoch : bestEpoch();
      Double last =
          vectors.isEmpty() ? finishedLastValue : intermediate.get(intermediate.lastKey());
      int current = vectors.isEmpty() ? 0 : vectors.lastKey();
      List<AttemptRecord> all = attempts();
      snapshot =
          new TrialSnapshot(
              number,
              state,
              params,
              value,
              best,
              last,
              new ArrayList<>(epochs.values()),
              current,
              totalEpochs,
              trainableParams,
              totalParams,
              gistParams,
              worker,
              attempt,
              error,
              createdAt,
              startedAt,
              finishedAt,
              intermediate,
              values,
              vectors,
              all,
              artifacts.view(study, number, all),
              artifacts.error(),
              artifacts.weightsDeleted(),
              checkpoints.view(state.isFinished(), attempt),
              suspendReason,
              suspendRequested && !state.isFinished());
    }
    return snapshot;
  }
}
