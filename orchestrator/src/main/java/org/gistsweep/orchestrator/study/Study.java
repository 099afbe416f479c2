package org.gistsweep.orchestrator.study;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.gistsweep.common.spec.Budget;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.AssignedObjective;
import org.gistsweep.common.wire.AttemptTokens;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.Heartbeat;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.common.wire.TrialFailed;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.TrialSuspended;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.common.wire.WorkerReportChecks;
import org.gistsweep.orchestrator.pruner.PromotionAsha;
import org.gistsweep.orchestrator.pruner.PrunerTrial;

/**
 * The state of one study: a fold over the assignments it created and the worker events it received.
 * Pure and single-threaded: no I/O, no locks, time from the injected {@link Clock}.
 *
 * <p>{@link #apply} is idempotent and fenced ({@link Fence}): a message for another study, a stale
 * attempt, a finished trial, or an epoch or start already recorded is counted as ignored with a
 * short reason and changes nothing; a message no honest worker sends (a wrong or missing attempt
 * token, another worker's report, an unknown trial or attempt, out of order or beyond the trial's
 * epochs) is rejected: it changes nothing, is not counted, and the caller dead-letters it. Legal
 * state moves are defined in one place, {@link Transitions}.
 *
 * <p>A study opened with a secret gives every attempt a token ({@link AttemptTokens}), computed in
 * this fold (so replay gives the same), carried by the attempt's {@link TrialAssignment} and
 * required in every report of it. A study without one (recovered from a journal older than tokens)
 * accepts reports without a token.
 *
 * <p>Resuming (issue 19): a reissued attempt resumes from the trial's latest recorded epoch
 * checkpoint (see {@link Trial}). A SUSPENDED trial holds no worker and no parallel slot. Under
 * promotion ASHA ({@code pruner: {type: asha, mode: promotion}}) every attempt pauses at its next
 * rung, and after every change this fold promotes paused trials into free slots ({@link
 * PromotionAsha}); once the study can create no more trials and nothing is live, each rung's best
 * paused trial is promoted, and the paused trials left then end PRUNED. Assignments a promotion
 * issues wait in {@link #takeIssued()}; being part of the fold, replay makes the same promotions.
 */
public final class Study {
  /** The worker id on failures the orchestrator reports itself (an expired lease). */
  public static final String ORCHESTRATOR = WorkerReportChecks.RESERVED_WORKER;

  private static final int RECENT_IGNORED = 20;

  private final String id;

  /** The key of the attempt tokens (hex), or {@code null}: then reports need no token. */
  private final String secret;

  private SweepSpec spec;
  private int maxTrials;
  private final long samplerSize;
  private final Steering steering = new Steering();
  private final Clock clock;
  private final Instant createdAt;
  private final List<Trial> trials = new ArrayList<>();
  private final Deque<String> recentIgnored = new ArrayDeque<>();
  private long ignored;
  private Instant finishedAt;

  /** Every trial numbered below this is finished; finished trials are frozen, so it only grows. */
  private int finishedPrefix;

  /** Promotion ASHA's rules, or {@code null} for any other pruner. */
  private final PromotionAsha promotion;

  /**
   * Assignments issued by promotions and not yet taken by the caller (see {@link #takeIssued()}).
   */
  private final List<TrialAssignment> issued = new ArrayList<>();

  /**
   * @param id the study id
   * @param spec the sweep
   * @param samplerSize distinct suggestions the sampler can make ({@code Long.MAX_VALUE} if
   *     unbounded); caps the number of trials
   * @param clock source of every timestamp
   */
  public Study(String id, SweepSpec spec, long samplerSize, Clock clock) {
    this(id, spec, samplerSize, clock, null);
  }

  /**
   * A study whose attempts carry tokens derived from {@code secret}.
   *
   * @param secret the study's secret ({@link AttemptTokens#newSecret()}), or {@code null} for a
   *     study without attempt tokens (recovered from a journal older than them)
   */
  public Study(String id, SweepSpec spec, long samplerSize, Clock clock, String secret) {
    this.id = id;
    this.secret = secret;
    this.spec = spec;
    this.samplerSize = samplerSize;
    this.maxTrials = (int) Math.min(spec.budget().trials(), samplerSize);
    this.clock = clock;
    this.createdAt = clock.instant();
    this.promotion =
        spec.pruner().promotes() ? PromotionAsha.of(spec.pruner(), spec.directions()) : null;
    if (maxTrials < 1) {
      throw new IllegalArgumentException(
          "study " + id + " could create no trial (sampler size " + samplerSize + ")");
    }
    steering.seed(spec.enqueue());
  }

  /** The study id. */
  public String id() {
    return id;
  }

  /** The sweep this study runs, with its budget as controls have set it. */
  public SweepSpec spec() {
    return spec;
  }

  /**
   * Applies a control a person asked for (see {@link Steering} for each one's rules): live, after
   * the service validated its arguments, and again on replay, with the same result.
   *
   * @throws ControlConflict when it does not fit the study's state (nothing changed)
   * @throws IllegalArgumentException for an unknown control or malformed arguments
   * @throws java.util.NoSuchElementException for {@code stop_trial} of an unknown trial
   */
  public ControlResult control(String control, String call, Map<String, Object> args) {
    ControlResult r = steering.apply(this, control, args);
    if (r.changed()) {
      steering.log(new ControlRecord(clock.instant(), control, call, args));
      promote();
      noteCompletion();
      if (finishedAt != null && !isFinished()) {
        finishedAt = null; // a larger budget reopened it
      }
    }
    return r;
  }

  /**
   * The stop request to send again when a worker reports on an attempt that a control already
   * stopped (it took the trial after the first request went out, or never heard it); empty
   * otherwise.
   */
  public Optional<TrialControl> stopAgain(WireMessage m) {
    if (!id.equals(m.study())
        || m.trial() < 0
        || m.trial() >= trials.size()
        || !(m instanceof TrialStarted || m instanceof Heartbeat || m instanceof EpochMetrics)) {
      return Optional.empty();
    }
    Trial t = trials.get(m.trial());
    if (!steering.stoppedByControl(t.number) || m.attempt() != t.attempt()) {
      return Optional.empty();
    }
    return Optional.of(
        Steering.stopRequest(
            id, t, clock.millis(), "trial was stopped as " + t.state().wireName()));
  }

  /** Whether the study is archived (hidden from lists, kept in the journal). */
  public boolean archived() {
    return steering.archived();
  }

  /** The parameters queued for the next trials (enqueue), oldest first. */
  public List<Map<String, Object>> enqueued() {
    return steering.enqueued();
  }

  /** The study's visible state: one of the {@code StudySnapshot} state constants. */
  public String state() {
    Phase phase = steering.phase();
    if (phase == Phase.CANCELLED) {
      return StudySnapshot.CANCELLED;
    }
    if (phase == Phase.STOPPING) {
      return firstUnfinished() == trials.size() ? StudySnapshot.STOPPED : StudySnapshot.STOPPING;
    }
    if (isComplete()) {
      return StudySnapshot.COMPLETE;
    }
    return phase == Phase.PAUSED ? StudySnapshot.PAUSED : StudySnapshot.RUNNING;
  }

  /**
   * Whether the study is over: complete, stopped or cancelled (a larger budget can reopen a
   * complete one).
   */
  public boolean isFinished() {
    String s = state();
    return StudySnapshot.COMPLETE.equals(s)
        || StudySnapshot.STOPPED.equals(s)
        || StudySnapshot.CANCELLED.equals(s);
  }

  // --- package-private access for Steering ---

  List<Trial> trialList() {
    return trials;
  }

  int maxTrials() {
    return maxTrials;
  }

  long samplerSize() {
    return samplerSize;
  }

  Clock clock() {
    return clock;
  }

  /** Sets the budget's trials and parallel; the caller checked them. */
  void setBudget(int newTrials, int newParallel) {
    Budget b = spec.budget();
    spec = spec.withBudget(new Budget(newTrials, newParallel, b.epochs(), b.maxAttempts()));
    maxTrials = (int) Math.min(newTrials, samplerSize);
  }

  /** The number the next created trial gets. */
  public int nextTrialNumber() {
    return trials.size();
  }

  /**
   * How many trials to create now: enough to keep {@code budget.parallel} trials live (WAITING or
   * RUNNING), never more than the budget (or the grid) allows in total.
   */
  public int trialsToCreate() {
    if (steering.phase() != Phase.RUNNING) {
      return 0;
    }
    long room = spec.budget().parallel() - live();
    return (int) Math.max(0, Math.min(room, maxTrials - trials.size()));
  }

  /** The trials that hold a worker or a parallel slot: WAITING or RUNNING (not SUSPENDED). */
  private long live() {
    long live = 0;
    for (int i = firstUnfinished(); i < trials.size(); i++) {
      TrialState s = trials.get(i).state();
      if (s == TrialState.WAITING || s == TrialState.RUNNING) {
        live++;
      }
    }
    return live;
  }

  /**
   * The assignments promotions issued since the last call (promotion ASHA), to publish; replay
   * takes and drops them (they were published with the journal entry that caused them).
   */
  public List<TrialAssignment> takeIssued() {
    List<TrialAssignment> out = List.copyOf(issued);
    issued.clear();
    return out;
  }

  /**
   * Promotion ASHA: fills free slots with promotions of paused trials (the rest go to new trials);
   * when no trial can be created and nothing is live, ends the paused trials no later state can
   * promote as PRUNED. Part of the fold: runs after every applied message and control.
   */
  private void promote() {
    if (promotion == null || steering.phase() != Phase.RUNNING) {
      return;
    }
    while (spec.budget().parallel() - live() > 0) {
      Set<Integer> paused = pausedAtRung();
      OptionalInt chosen =
          paused.isEmpty()
              ? OptionalInt.empty()
              : promotion.promote(
                  trials.stream().map(t -> prunerView(t.snapshot())).toList(),
                  paused,
                  trials.size() == maxTrials && live() == 0);
      if (chosen.isEmpty()) {
        break;
      }
      Trial t = trials.get(chosen.getAsInt());
      t.resume(promotion.pauseAfter(t.highestEpoch(), t.totalEpochs()));
      issued.add(assignment(t));
    }
    if (trials.size() == maxTrials && live() == 0) {
      for (int n : pausedAtRung()) {
        trials.get(n).stopByControl(TrialState.PRUNED, clock.instant());
      }
      noteCompletion();
    }
  }

  private Set<Integer> pausedAtRung() {
    Set<Integer> paused = new TreeSet<>();
    for (int i = firstUnfinished(); i < trials.size(); i++) {
      Trial t = trials.get(i);
      if (t.state() == TrialState.SUSPENDED && TrialSuspended.AT_RUNG.equals(t.suspendReason())) {
        paused.add(t.number);
      }
    }
    return paused;
  }

  private static PrunerTrial prunerView(TrialSnapshot t) {
    return new PrunerTrial(t.number(), t.state(), t.intermediateVectors());
  }

  /**
   * SUSPENDED -> WAITING with the next attempt, resuming from the latest checkpoint (and, under
   * promotion ASHA, pausing at the next rung); returns its assignment. For {@link Steering}.
   */
  TrialAssignment resumeTrial(Trial t) {
    t.resume(promotion == null ? 0 : promotion.pauseAfter(t.highestEpoch(), t.totalEpochs()));
    return assignment(t);
  }

  /** Whether every trial the study may create exists and is finished. */
  public boolean isComplete() {
    return trials.size() == maxTrials && firstUnfinished() == trials.size();
  }

  /** The lowest trial number that is not finished ({@code trials.size()} when all are). */
  int firstUnfinished() {
    while (finishedPrefix < trials.size() && trials.get(finishedPrefix).state().isFinished()) {
      finishedPrefix++;
    }
    return finishedPrefix;
  }

  /**
   * Records a new WAITING trial (attempt 1) and returns the assignment to publish.
   *
   * @param number must be {@link #nextTrialNumber()}
   * @param config the trial's resolved training settings ({@code TrainingSettings.toMap()})
   * @throws IllegalStateException when the number is out of turn or the budget allows no trial
   */
  public TrialAssignment createTrial(
      int number, Map<String, Object> params, Map<String, Object> config) {
    Trial t = addTrial(number, params, config);
    return assignment(t);
  }

  /** The assignment of {@code t}'s current attempt, with its token. */
  private TrialAssignment assignment(Trial t) {
    t.issue(secret == null ? null : AttemptTokens.of(secret, id, t.number, t.attempt()));
    return new TrialAssignment(
        WireMessage.SCHEMA_VERSION,
        id,
        t.number,
        t.attempt(),
        clock.millis(),
        t.params,
        t.config,
        prunes(),
        t.token(),
        new AssignedObjective(spec.objective().metric(), spec.objective().direction().wireName()),
        t.resumedFrom(),
        t.pauseAfterEpoch());
  }

  /** Records a trial that failed before it could be published (e.g. an invalid configuration). */
  public TrialSnapshot createFailedTrial(int number, Map<String, Object> params, TrialError error) {
    Trial t = addTrial(number, params, Map.of());
    t.fail(new TrialError(error.type(), error.message(), false), 1, clock.instant());
    noteCompletion();
    return t.snapshot();
  }

  private Trial addTrial(int number, Map<String, Object> params, Map<String, Object> config) {
    if (number != trials.size()) {
      throw new IllegalStateException(
          "study " + id + " expects trial " + trials.size() + ", got " + number);
    }
    if (trialsToCreate() < 1) {
      throw new IllegalStateException("study " + id + " may not create a trial now");
    }
    steering.takeEnqueued();
    int epochs = config.get("epochs") instanceof Number n ? n.intValue() : spec.budget().epochs();
    Trial t =
        new Trial(
            id,
            number,
            Collections.unmodifiableMap(new LinkedHashMap<>(params)),
            config,
            spec.objectives(),
            epochs,
            clock.instant());
    if (promotion != null) {
      t.pauseAfter(promotion.pauseAfter(0, epochs));
    }
    trials.add(t);
    return t;
  }

  /**
   * Ask/tell: records trial {@code number} with these parameters as RUNNING (a client evaluates it,
   * no worker is involved).
   *
   * @throws IllegalStateException when the number is out of turn or the trial budget is spent
   */
  public TrialSnapshot ask(int number, Map<String, Object> params) {
    Trial t = addTrial(number, params, Map.of());
    t.markRunning(null, clock.instant());
    return t.snapshot();
  }

  /**
   * Ask/tell: records the objective vector a client measured at {@code step}. A step already
   * reported keeps its first vector (as Optuna does).
   *
   * @throws java.util.NoSuchElementException for an unknown trial
   * @throws IllegalStateException for a finished trial
   * @throws IllegalArgumentException when the vector's length is not the number of objectives
   */
  public TrialSnapshot report(int number, int step, List<Double> values) {
    Trial t = existing(number);
    if (t.state().isFinished()) {
      throw new IllegalStateException(
          "trial " + number + " is already " + t.state() + "; it takes no more reports");
    }
    checkArity(values);
    if (!t.hasEpoch(step)) {
      t.report(step, values);
    }
    return t.snapshot();
  }

  /**
   * Ask/tell: finishes a trial as COMPLETE (with {@code values}), PRUNED or FAILED. Idempotent:
   * telling a finished trial again changes nothing and answers {@link Outcome.Kind#UNCHANGED}.
   *
   * @throws java.util.NoSuchElementException for an unknown trial
   * @throws IllegalArgumentException for a COMPLETE without values, a wrong vector length or a live
   *     state
   */
  public Outcome tell(int number, TrialState outcome, List<Double> values) {
    Trial t = existing(number);
    if (t.state().isFinished()) {
      return Outcome.unchanged(t.snapshot());
    }
    if (!outcome.isFinished()) {
      throw new IllegalArgumentException(
          "state must be complete, pruned or failed, got " + outcome);
    }
    if (!values.isEmpty() || outcome == TrialState.COMPLETE) {
      checkArity(values);
    }
    t.tell(outcome, values, clock.instant());
    noteCompletion();
    return Outcome.finished(t.snapshot());
  }

  private Trial existing(int number) {
    if (number < 0 || number >= trials.size()) {
      throw new NoSuchElementException("study " + id + " has no trial " + number);
    }
    return trials.get(number);
  }

  private void checkArity(List<Double> values) {
    if (values.size() != spec.objectives().size()) {
      throw new IllegalArgumentException(
          "expected "
              + spec.objectives().size()
              + " value(s), one per direction, got "
              + values.size());
    }
  }

  /**
   * The failures to apply for running trials whose worker has shown no sign of life (start, epoch,
   * heartbeat) for longer than {@code lease}: one retriable {@code worker_lost} failure per such
   * attempt, from {@code reporter}. Applying them ({@link #applyOwn}) issues the next attempt, or
   * fails the trial once its attempts are spent. Ask/tell trials have no worker and never expire.
   */
  public List<TrialFailed> expiredLeases(Duration lease, String reporter) {
    return expiredLeases(lease, reporter, Instant.MIN);
  }

  /**
   * As {@link #expiredLeases(java.time.Duration, String)}, but silence before {@code countFrom}
   * does not count: a worker's last sign of life is taken as at least {@code countFrom} (when the
   * orchestrator started, or when its broker became reachable again).
   */
  public List<TrialFailed> expiredLeases(Duration lease, String reporter, Instant countFrom) {
    Instant deadline = clock.instant().minus(lease);
    List<TrialFailed> expired = new ArrayList<>();
    for (Trial t : trials) {
      Instant seen = t.lastSeen();
      if (seen != null && seen.isBefore(countFrom)) {
        seen = countFrom;
      }
      if (t.state() == TrialState.RUNNING
          && t.worker() != null
          && seen != null
          && seen.isBefore(deadline)) {
        expired.add(
            new TrialFailed(
                WireMessage.SCHEMA_VERSION,
                id,
                t.number,
                t.attempt(),
                clock.millis(),
                reporter,
                AttemptRecord.WORKER_LOST,
                "no sign of life from worker " + t.worker() + " for " + lease.toSeconds() + " s",
                true));
      }
    }
    return expired;
  }

  /**
   * Whether a pruner judges this study's epochs (then workers wait for each epoch's decision);
   * promotion ASHA judges at the rungs where trials pause, not at each epoch.
   */
  public boolean prunes() {
    return spec.pruner().enabled() && !spec.pruner().promotes();
  }

  /** Applies one message from a worker; see the class comment for fencing. */
  public Outcome apply(WireMessage m) {
    Fence.Refusal refusal = Fence.refusal(id, secret, trials, m);
    return refusal != null ? refuse(refusal) : accept(m);
  }

  /**
   * Applies a failure the orchestrator reports itself, under worker id {@link #ORCHESTRATOR} (an
   * expired lease, see {@link #expiredLeases}): fenced only by the attempt (it may have ended),
   * never by token or worker. A worker can never send one: its reports with that id are rejected.
   */
  public Outcome applyOwn(TrialFailed failure) {
    Fence.Refusal refusal = Fence.ownRefusal(id, trials, failure);
    return refusal != null ? refuse(refusal) : accept(failure);
  }

  private Outcome refuse(Fence.Refusal refusal) {
    if (refusal.rejected()) {
      return Outcome.rejected(refusal.rejectedAs(), refusal.reason());
    }
    ignored++;
    recentIgnored.addLast(refusal.reason());
    if (recentIgnored.size() > RECENT_IGNORED) {
      recentIgnored.removeFirst();
    }
    return Outcome.ignored(refusal.reason());
  }

  private Outcome accept(WireMessage m) {
    Trial t = trials.get(m.trial());
    Instant now = clock.instant();
    TrialState before = t.state();
    if (m instanceof TrialStarted s) {
      t.recordStart(s, now);
    } else if (m instanceof EpochMetrics e) {
      t.addEpoch(EpochRecord.of(e), e.checkpoint(), e.worker(), now);
    } else if (m instanceof TrialSuspended s) {
      boolean requested = t.suspendRequested();
      t.suspend(s, now);
      boolean stays = TrialSuspended.AT_RUNG.equals(s.reason()) ? promotion != null : requested;
      if (!stays) {
        // a hand-back nobody asked for (a worker shutting down): issue the next attempt at once
        TrialAssignment next = resumeTrial(t);
        promote();
        return Outcome.retry(t.snapshot(), next);
      }
    } else if (m instanceof Heartbeat h) {
      t.markRunning(h.worker(), now);
      return before == t.state() ? Outcome.unchanged(t.snapshot()) : Outcome.changed(t.snapshot());
    } else if (m instanceof TrialFinished f) {
      t.finish(f, now);
    } else if (m instanceof TrialFailed f) {
      TrialError cause = new TrialError(f.errorType(), f.message(), f.retriable());
      t.attributeTo(
          f.worker()); // a worker may fail an attempt before it started (a refused path, a bad
      // config)
      if (t.fail(cause, spec.budget().maxAttempts(), now)) {
        TrialAssignment next = assignment(t);
        promote();
        return Outcome.retry(t.snapshot(), next);
      }
    }
    promote();
    if (t.state().isFinished()) {
      noteCompletion();
      return Outcome.finished(t.snapshot());
    }
    return Outcome.changed(t.snapshot());
  }

  private void noteCompletion() {
    if (finishedAt == null && isFinished()) {
      finishedAt = clock.instant();
    }
  }

  /**
   * Records that artifacts were deleted from the store: {@code keys} (weights and sidecars) of
   * trial {@code trial}, or, for trial {@code -1}, every artifact of the study (the one key is the
   * study's prefix). Applied live after the store deleted them, and again on replay.
   *
   * @throws IllegalArgumentException for a trial that does not exist
   */
  public void artifactsDeleted(int trial, List<String> keys, String reason) {
    if (trial >= 0 && trial < trials.size() && TrialCheckpoints.isCheckpointReason(reason)) {
      trials.get(trial).checkpointsDeleted(keys, reason);
      return;
    }
    if (trial == -1) {
      trials.forEach(t -> t.allArtifactsDeleted(reason));
      steering.artifactsGone();
      return;
    }
    if (trial < 0 || trial >= trials.size()) {
      throw new IllegalArgumentException(
          "study " + id + " has no trial " + trial + " whose artifacts could be deleted");
    }
    trials.get(trial).artifactsDeleted(keys, reason);
  }

  /** Whether the study was archived with its artifacts and they are not deleted yet. */
  public boolean artifactDeletionPending() {
    return steering.artifactsPending();
  }

  /** The trial with this number, if created. */
  public Optional<TrialSnapshot> trial(int number) {
    return number >= 0 && number < trials.size()
        ? Optional.of(trials.get(number).snapshot())
        : Optional.empty();
  }

  /** Every trial, by number: the history a sampler sees. */
  public List<TrialSnapshot> trials() {
    return trials.stream().map(Trial::snapshot).toList();
  }

  /** The best COMPLETE trial in the objective's direction (ties: the lower number). */
  public Optional<TrialSnapshot> bestTrial() {
    TrialSnapshot best = null;
    for (Trial t : trials) {
      best = better(t.snapshot(), best);
    }
    return Optional.ofNullable(best);
  }

  /**
   * {@code s} if it is COMPLETE with a value better than {@code best}'s (or {@code best} is null),
   * else {@code best}.
   */
  private TrialSnapshot better(TrialSnapshot s, TrialSnapshot best) {
    boolean wins =
        s.state() == TrialState.COMPLETE
            && s.value() != null
            && (best == null || spec.objective().direction().isBetter(s.value(), best.value()));
    return wins ? s : best;
  }

  /** How many messages were fenced off (rejected ones are not counted here). */
  public long ignoredMessages() {
    return ignored;
  }

  /** An immutable view of the whole study. */
  public StudySnapshot snapshot() {
    // one pass over the trials (this runs after every applied batch)
    TrialSnapshot[] all = new TrialSnapshot[trials.size()];
    int[] perState = new int[TrialState.values().length];
    TrialSnapshot best = null;
    for (int i = 0; i < all.length; i++) {
      TrialSnapshot t = trials.get(i).snapshot();
      all[i] = t;
      perState[t.state().ordinal()]++;
      best = better(t, best);
    }
    Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
    for (TrialState s : TrialState.values()) {
      counts.put(s, perState[s.ordinal()]);
    }
    return new StudySnapshot(
        id,
        spec,
        state(),
        maxTrials,
        counts,
        best == null ? null : best.number(),
        best == null ? null : best.value(),
        List.of(all),
        ignored,
        new ArrayList<>(recentIgnored),
        createdAt,
        finishedAt,
        steering.archived(),
        steering.records(),
        steering.enqueued());
  }
}
