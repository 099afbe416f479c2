package org.gistsweep.orchestrator.study;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.common.wire.WireMessage;

/**
 * The controls a person applies to a running study, and the rules that say when each fits: the one
 * place that decides. A control that already took effect changes nothing (a repeat is harmless);
 * one that does not fit the state is refused with a {@link ControlConflict} naming the reason.
 *
 * <pre>
 * pause       running -> paused                     (paused: unchanged)
 * resume      paused -> running                     (running: unchanged)
 * stop        running | paused -> stopping/stopped; WAITING and SUSPENDED trials are cancelled (stopping, stopped: unchanged)
 * cancel      running | paused | stopping -> cancelled; every live or SUSPENDED trial CANCELLED (cancelled: unchanged)
 * budget      trials and/or parallel, not on stopping/stopped/cancelled studies, never below the trials that exist;
 *             raising trials on a complete study reopens it
 * enqueue     params for the next trial; refused when the budget leaves no room (the same params still queued: unchanged)
 * stop_trial  one live or SUSPENDED trial -> PRUNED or CANCELLED (already in that state: unchanged)
 * suspend_trial  a RUNNING trial: its worker is asked to hand it back after the current epoch (SUSPENDED
 *             when its TrialSuspended arrives); a WAITING one -> SUSPENDED at once (SUSPENDED, or asked: unchanged)
 * resume_trial   a SUSPENDED trial -> WAITING, its next attempt resuming from the latest checkpoint
 *             (WAITING or RUNNING: unchanged); not on stopping, stopped or cancelled studies
 * archive     a finished study -> archived          (archived: unchanged); {"artifacts": true} also marks its
 *             artifacts for deletion (archived with them deleted or being deleted: unchanged)
 * restore     archived -> not archived              (not archived: unchanged)
 * </pre>
 */
final class Steering {
  static final String PAUSE = "pause";
  static final String RESUME = "resume";
  static final String STOP = "stop";
  static final String CANCEL = "cancel";
  static final String BUDGET = "budget";
  static final String ENQUEUE = "enqueue";
  static final String STOP_TRIAL = "stop_trial";
  static final String ARCHIVE = "archive";
  static final String RESTORE = "restore";
  static final String SUSPEND_TRIAL = "suspend_trial";
  static final String RESUME_TRIAL = "resume_trial";

  private Phase phase = Phase.RUNNING;
  private boolean archived;

  /** Archived with {"artifacts": true}, and the study's artifacts not deleted yet. */
  private boolean artifactsPending;

  /** The study's artifacts were deleted since it was last archived. */
  private boolean artifactsGone;

  private final List<Map<String, Object>> queue = new ArrayList<>();
  private final List<ControlRecord> records = new ArrayList<>();
  private final Set<Integer> stopped = new HashSet<>();

  Phase phase() {
    return phase;
  }

  boolean archived() {
    return archived;
  }

  boolean artifactsPending() {
    return artifactsPending;
  }

  /** The study's artifacts were deleted: the archive's request is done. */
  void artifactsGone() {
    artifactsPending = false;
    artifactsGone = true;
  }

  List<Map<String, Object>> enqueued() {
    return List.copyOf(queue);
  }

  List<ControlRecord> records() {
    return List.copyOf(records);
  }

  void log(ControlRecord r) {
    records.add(r);
  }

  boolean stoppedByControl(int trial) {
    return stopped.contains(trial);
  }

  /** The sweep file's {@code enqueue:} list: the first trials' params, in order. */
  void seed(List<Map<String, Object>> fromSpec) {
    fromSpec.forEach(p -> queue.add(canonical(p)));
  }

  /**
   * The params with every whole-number type as Long, so that params read back from the journal
   * (where JSON gives Integer) equal those enqueued live.
   */
  private static Map<String, Object> canonical(Map<String, Object> params) {
    Map<String, Object> out = new LinkedHashMap<>();
    params.forEach(
        (k, v) ->
            out.put(
                k,
                v instanceof Integer || v instanceof Short || v instanceof Byte
                    ? (Object) ((Number) v).longValue()
                    : v));
    return Collections.unmodifiableMap(out);
  }

  /** A new trial takes the oldest queued params (the sampler's suggestion was merged with them). */
  void takeEnqueued() {
    if (!queue.isEmpty()) {
      queue.remove(0);
    }
  }

  ControlResult apply(Study study, String control, Map<String, Object> args) {
    return switch (control) {
      case PAUSE -> pause(study);
      case RESUME -> resume(study);
      case STOP -> stop(study);
      case CANCEL -> cancel(study);
      case BUDGET -> budget(study, integer(args, "trials"), integer(args, "parallel"));
      case ENQUEUE -> enqueue(study, params(args));
      case STOP_TRIAL -> stopTrial(study, integer(args, "trial"), as(args));
      case ARCHIVE -> archive(study, Boolean.TRUE.equals(args.get("artifacts")));
      case RESTORE -> restore();
      case SUSPEND_TRIAL -> suspendTrial(study, trial(study, integer(args, "trial")));
      case RESUME_TRIAL -> resumeTrial(study, trial(study, integer(args, "trial")));
      default -> throw new IllegalArgumentException("unknown control '" + control + "'");
    };
  }

  private ControlResult pause(Study study) {
    if (phase == Phase.PAUSED) {
      return ControlResult.unchanged();
    }
    requireRunning(study, "paused");
    phase = Phase.PAUSED;
    return ControlResult.done();
  }

  private ControlResult resume(Study study) {
    if (phase == Phase.RUNNING && !study.isComplete()) {
      return ControlResult.unchanged();
    }
    if (phase != Phase.PAUSED) {
      throw new ControlConflict(
          "study " + study.id() + " is " + study.state() + "; only a paused study can be resumed",
          null);
    }
    phase = Phase.RUNNING;
    return ControlResult.done();
  }

  private ControlResult stop(Study study) {
    if (phase == Phase.STOPPING) {
      return ControlResult.unchanged();
    }
    if (phase == Phase.CANCELLED || study.isComplete()) {
      throw new ControlConflict(
          "study " + study.id() + " is already " + study.state() + "; there is nothing to stop",
          null);
    }
    phase = Phase.STOPPING;
    return stopLive(study, TrialState.CANCELLED, true, "study stopped before the trial started");
  }

  private ControlResult cancel(Study study) {
    if (phase == Phase.CANCELLED) {
      return ControlResult.unchanged();
    }
    if (study.isFinished()) {
      throw new ControlConflict(
          "study "
              + study.id()
              + " is already "
              + study.state()
              + "; only a study with work left can be cancelled",
          null);
    }
    phase = Phase.CANCELLED;
    queue.clear();
    return stopLive(study, TrialState.CANCELLED, false, "study cancelled");
  }

  private ControlResult budget(Study study, Integer trials, Integer parallel) {
    if (trials == null && parallel == null) {
      throw new IllegalArgumentException("budget needs trials or parallel");
    }
    if (phase == Phase.STOPPING || phase == Phase.CANCELLED) {
      throw new ControlConflict(
          "study " + study.id() + " is " + study.state() + "; its budget can no longer change",
          null);
    }
    int newTrials = trials == null ? study.spec().budget().trials() : trials;
    int newParallel = parallel == null ? study.spec().budget().parallel() : parallel;
    int existing = study.trialList().size() + queue.size();
    if (newTrials < existing) {
      throw new ControlConflict(
          "study "
              + study.id()
              + " already has "
              + existing
              + " trial(s) created or queued; the budget"
              + " cannot go below that (asked for "
              + newTrials
              + ")",
          "trials");
    }
    if (newTrials > study.samplerSize()) {
      throw new ControlConflict(
          "the sampler can make only "
              + study.samplerSize()
              + " distinct trial(s) (a grid); asked for "
              + newTrials,
          "trials");
    }
    if (newTrials == study.spec().budget().trials()
        && newParallel == study.spec().budget().parallel()) {
      return ControlResult.unchanged();
    }
    study.setBudget(newTrials, newParallel);
    return ControlResult.done();
  }

  private ControlResult enqueue(Study study, Map<String, Object> given) {
    Map<String, Object> params = canonical(given);
    if (phase == Phase.STOPPING || phase == Phase.CANCELLED) {
      throw new ControlConflict(
          "study " + study.id() + " is " + study.state() + "; it takes no new trial", null);
    }
    if (queue.contains(params)) {
      return ControlResult.unchanged();
    }
    int room = study.maxTrials() - study.trialList().size() - queue.size();
    if (room < 1) {
      throw new ControlConflict(
          "study "
              + study.id()
              + " has no trial left in its budget of "
              + study.maxTrials()
              + " for enqueued params; raise it first (POST /api/studies/"
              + study.id()
              + "/budget)",
          null);
    }
    queue.add(params);
    return ControlResult.done();
  }

  private ControlResult stopTrial(Study study, Integer number, TrialState as) {
    Trial t = trial(study, number);
    if (t.state() == as) {
      return ControlResult.unchanged();
    }
    if (t.state().isFinished()) {
      throw new ControlConflict(
          "trial "
              + number
              + " is already "
              + t.state()
              + "; only a WAITING, RUNNING or SUSPENDED trial can be stopped",
          null);
    }
    return stopOne(study, t, as, "stopped by a person as " + as.wireName());
  }

  private static Trial trial(Study study, Integer number) {
    List<Trial> trials = study.trialList();
    if (number == null || number < 0 || number >= trials.size()) {
      throw new NoSuchElementException("study " + study.id() + " has no trial " + number);
    }
    return trials.get(number);
  }

  private ControlResult suspendTrial(Study study, Trial t) {
    if (t.state() == TrialState.SUSPENDED || t.suspendRequested()) {
      return ControlResult.unchanged();
    }
    if (t.state().isFinished()) {
      throw new ControlConflict(
          "trial "
              + t.number
              + " is already "
              + t.state()
              + "; only a WAITING or RUNNING trial can be suspended",
          null);
    }
    if (t.state() == TrialState.RUNNING && t.worker() == null) {
      throw new ControlConflict(
          "trial "
              + t.number
              + " is evaluated by an ask/tell client, not a worker; it cannot be suspended",
          null);
    }
    if (t.state() == TrialState.WAITING) {
      TrialControl cancel =
          stopRequest(study.id(), t, study.clock().millis(), "trial suspended before it started");
      t.suspendWaiting(study.clock().instant());
      return new ControlResult(true, List.of(cancel), List.of(t.snapshot()));
    }
    t.requestSuspend();
    TrialControl suspend =
        new TrialControl(
            WireMessage.SCHEMA_VERSION,
            study.id(),
            t.number,
            t.attempt(),
            study.clock().millis(),
            TrialControl.SUSPEND,
            "suspended by a person",
            t.highestEpoch());
    return new ControlResult(true, List.of(suspend), List.of(t.snapshot()));
  }

  private ControlResult resumeTrial(Study study, Trial t) {
    if (t.state() == TrialState.WAITING || t.state() == TrialState.RUNNING) {
      return ControlResult.unchanged();
    }
    if (t.state() != TrialState.SUSPENDED) {
      throw new ControlConflict(
          "trial " + t.number + " is " + t.state() + "; only a SUSPENDED trial can be resumed",
          null);
    }
    if (phase == Phase.STOPPING || phase == Phase.CANCELLED) {
      throw new ControlConflict(
          "study " + study.id() + " is " + study.state() + "; it starts no trial again", null);
    }
    TrialAssignment next = study.resumeTrial(t);
    return new ControlResult(true, List.of(next), List.of(t.snapshot()));
  }

  private ControlResult archive(Study study, boolean withArtifacts) {
    if (archived && (!withArtifacts || artifactsPending || artifactsGone)) {
      return ControlResult.unchanged();
    }
    if (!study.isFinished()) {
      throw new ControlConflict(
          "study "
              + study.id()
              + " is "
              + study.state()
              + "; stop or cancel it before archiving it",
          null);
    }
    archived = true;
    artifactsPending |= withArtifacts;
    return ControlResult.done();
  }

  private ControlResult restore() {
    if (!archived) {
      return ControlResult.unchanged();
    }
    archived = false;
    artifactsGone = false;
    return ControlResult.done();
  }

  private void requireRunning(Study study, String verb) {
    if (phase != Phase.RUNNING || study.isComplete()) {
      throw new ControlConflict(
          "study " + study.id() + " is " + study.state() + "; only a running study can be " + verb,
          null);
    }
  }

  /** Stops every live trial (only the WAITING ones when {@code waitingOnly}). */
  private ControlResult stopLive(Study study, TrialState as, boolean waitingOnly, String reason) {
    List<WireMessage> out = new ArrayList<>();
    List<TrialSnapshot> changed = new ArrayList<>();
    for (int i = study.firstUnfinished(); i < study.trialList().size(); i++) {
      Trial t = study.trialList().get(i);
      boolean live =
          waitingOnly
              ? t.state() == TrialState.WAITING || t.state() == TrialState.SUSPENDED
              : !t.state().isFinished();
      if (live) {
        ControlResult r = stopOne(study, t, as, reason);
        out.addAll(r.toWorkers());
        changed.addAll(r.trials());
      }
    }
    return new ControlResult(true, out, changed);
  }

  private ControlResult stopOne(Study study, Trial t, TrialState as, String reason) {
    boolean held =
        t.state() != TrialState.SUSPENDED; // a suspended trial's next attempt was never issued
    t.stopByControl(as, study.clock().instant());
    stopped.add(t.number);
    List<WireMessage> out =
        held ? List.of(stopRequest(study.id(), t, study.clock().millis(), reason)) : List.of();
    return new ControlResult(true, out, List.of(t.snapshot()));
  }

  /**
   * The request that makes the worker holding {@code t}'s attempt stop within one training step.
   */
  static TrialControl stopRequest(String study, Trial t, long now, String reason) {
    return new TrialControl(
        WireMessage.SCHEMA_VERSION, study, t.number, t.attempt(), now, TrialControl.CANCEL, reason);
  }

  private static Integer integer(Map<String, Object> args, String key) {
    Object v = args.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    throw new IllegalArgumentException(key + " must be an integer, got " + v);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> params(Map<String, Object> args) {
    if (args.get("params") instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException("enqueue needs params, an object");
  }

  private static TrialState as(Map<String, Object> args) {
    Object v = args.getOrDefault("as", "pruned");
    return switch (String.valueOf(v)) {
      case "pruned" -> TrialState.PRUNED;
      case "cancelled" -> TrialState.CANCELLED;
      default -> throw new IllegalArgumentException("as must be pruned or cancelled, got " + v);
    };
  }
}
