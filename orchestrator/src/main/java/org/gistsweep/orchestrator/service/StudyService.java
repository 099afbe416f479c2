package org.gistsweep.orchestrator.service;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.common.wire.TrialFailed;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.kafka.TrialPublisher;
import org.gistsweep.orchestrator.pruner.Decision;
import org.gistsweep.orchestrator.pruner.Pruner;
import org.gistsweep.orchestrator.pruner.Pruners;
import org.gistsweep.orchestrator.sampler.Sampler;
import org.gistsweep.orchestrator.sampler.Samplers;
import org.gistsweep.orchestrator.study.Outcome;
import org.gistsweep.orchestrator.study.Study;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every {@link Study}: all mutation runs on one Vert.x context, so the cores need no locks.
 * Readers get immutable snapshots from any thread. Dispatch: whenever a study starts or a trial
 * finishes, it creates as many trials as {@link Study#trialsToCreate()} allows; sampling runs off
 * the event loop ({@code executeBlocking}, ordered), then each trial is recorded and its
 * assignment published. A failed publish comes back as a retriable {@code publish} failure.
 *
 * <p>Pruning: after each applied epoch of a live attempt the study's pruner is asked (cheap, on the
 * owner context); on prune, one {@code TrialControl(prune)} is published for that attempt, never
 * twice (a failed publish may be retried at the attempt's next epoch). The trial becomes PRUNED when
 * its worker reports {@code TrialFinished(pruned)}.
 *
 * <p>Ask/tell studies ({@link #createAskTell}) dispatch nothing: a client asks for trials, reports
 * intermediate values and tells results ({@link #ask}, {@link #report}, {@link #tell}).
 */
public final class StudyService {
  /** The worker id on failures the orchestrator reports itself. */
  public static final String SELF = "orchestrator";
  private static final Logger LOG = LoggerFactory.getLogger(StudyService.class);

  private final Context context;
  private final TrialPublisher publisher;
  private final Clock clock;
  private final StudyIds ids;
  private final Map<String, StudyRuntime> studies = new LinkedHashMap<>();
  private final Map<String, StudySnapshot> snapshots = new ConcurrentHashMap<>();
  private final List<StudyListener> listeners = new CopyOnWriteArrayList<>();
  private final AskTell askTell = new AskTell(this);
  private volatile long unknownStudyMessages;
  private volatile java.util.function.LongSupplier deadLettered = () -> 0;

  /** Creates the service on a fresh context of {@code vertx} (call it from a non-Vert.x thread). */
  public StudyService(Vertx vertx, TrialPublisher publisher, Clock clock) {
    this.context = vertx.getOrCreateContext();
    this.publisher = publisher;
    this.clock = clock;
    this.ids = new StudyIds(clock);
  }

  /**
   * Checks every second, on the owner context, for running trials whose worker went silent for
   * longer than {@code lease}, and issues them again (see {@link Study#expiredLeases}).
   */
  public void startLeaseChecks(java.time.Duration lease) {
    context.runOnContext(v -> context.owner().setPeriodic(1000, id -> checkLeases(lease)));
  }

  /** One lease check; must run on the owner context. */
  void checkLeases(java.time.Duration lease) {
    for (StudyRuntime rt : List.copyOf(studies.values())) {
      List<TrialFailed> expired = rt.study.expiredLeases(lease, SELF);
      if (!expired.isEmpty()) {
        expired.forEach(f -> LOG.warn("study {}: trial {} attempt {}: {}", rt.id(), f.trial(), f.attempt(), f.message()));
        applyNow(List.copyOf(expired));
      }
    }
  }

  /** Where the count of dead-lettered (poison) worker records comes from. */
  public void setDeadLetterCount(java.util.function.LongSupplier counter) {
    this.deadLettered = counter;
  }

  /** Worker records that could not be decoded and went to the dead-letter topic. */
  public long deadLettered() {
    return deadLettered.getAsLong();
  }

  /** Registers a listener for every study. */
  public void addListener(StudyListener listener) {
    listeners.add(listener);
  }

  /**
   * Creates a study and starts dispatching its trials.
   *
   * @throws SpecException at once when the sampler cannot search the space (e.g. a grid over a
   *     float without step)
   */
  public CompletableFuture<String> submit(SweepSpec spec) {
    return open(spec, false);
  }

  /**
   * Creates an ask/tell study: no trial is dispatched to workers; a client drives it through
   * {@link #ask}, {@link #report} and {@link #tell}.
   *
   * @throws SpecException at once when the sampler cannot search the space
   */
  public CompletableFuture<String> createAskTell(SweepSpec spec) {
    return open(spec, true);
  }

  /**
   * Ask/tell: samples the next trial off the event loop (ordered) and records it as RUNNING. Fails
   * with {@link java.util.NoSuchElementException} for an unknown study, {@link
   * IllegalStateException} for a worker study or a spent trial budget.
   */
  public CompletableFuture<TrialSnapshot> ask(String studyId) {
    return askTell.ask(studyId);
  }

  /**
   * Ask/tell: records the values a client measured at {@code step} and answers the pruner's
   * decision. Fails with {@link java.util.NoSuchElementException} (unknown study or trial), {@link
   * IllegalStateException} (finished trial, worker study), {@link IllegalArgumentException} (wrong
   * number of values).
   */
  public CompletableFuture<Decision> report(String studyId, int trial, int step, List<Double> values) {
    return askTell.report(studyId, trial, step, values);
  }

  /**
   * Ask/tell: finishes a trial (COMPLETE with values, PRUNED, FAILED); telling a finished trial
   * again completes with it unchanged. Fails as {@link #report} does.
   */
  public CompletableFuture<TrialSnapshot> tell(String studyId, int trial, TrialState state, List<Double> values) {
    return askTell.tell(studyId, trial, state, values);
  }

  private CompletableFuture<String> open(SweepSpec spec, boolean askTellStudy) {
    Sampler sampler = Samplers.create(spec.sampler(), spec.objective().direction());
    Pruner pruner = Pruners.create(spec.pruner(), spec.name(), spec.directions(), spec.budget().epochs());
    long size = sampler.size(spec.space()).orElse(Long.MAX_VALUE);
    CompletableFuture<String> id = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          StudyRuntime rt = new StudyRuntime(new Study(ids.next(spec.name()), spec, size, clock), sampler, pruner, askTellStudy);
          studies.put(rt.id(), rt);
          snapshots.put(rt.id(), rt.snapshot);
          LOG.info("study {} created{}: sampler {} seed {}, pruner {}, {} trials", rt.id(), askTellStudy ? " (ask/tell)" : "",
              sampler.type(), spec.sampler().seed(), pruner.type(), rt.snapshot.maxTrials());
          id.complete(rt.id());
          refresh(rt);
          dispatch(rt);
        });
    return id;
  }

  /** The latest snapshot of a study, from any thread. */
  public Optional<StudySnapshot> snapshot(String studyId) {
    return Optional.ofNullable(snapshots.get(studyId));
  }

  /** Every study's latest snapshot, newest first. */
  public List<StudySnapshot> studies() {
    return snapshots.values().stream()
        .sorted(Comparator.comparing(StudySnapshot::createdAt).thenComparing(StudySnapshot::id).reversed())
        .toList();
  }

  /** Messages for studies this orchestrator does not know (e.g. from an earlier run). */
  public long unknownStudyMessages() {
    return unknownStudyMessages;
  }

  /**
   * Watches one study: {@code listener} first gets {@link StudyListener#onStudyUpdated} with the
   * current snapshot, then every change, in order. Completes with a handle that stops the watch, or
   * fails with {@link java.util.NoSuchElementException} for an unknown study.
   */
  public CompletableFuture<AutoCloseable> watch(String studyId, StudyListener listener) {
    CompletableFuture<AutoCloseable> handle = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          StudyRuntime rt = studies.get(studyId);
          if (rt == null) {
            handle.completeExceptionally(new java.util.NoSuchElementException("unknown study " + studyId));
            return;
          }
          rt.watchers.add(listener);
          listener.onStudyUpdated(rt.snapshot);
          handle.complete(() -> context.runOnContext(x -> rt.watchers.remove(listener)));
        });
    return handle;
  }

  /** Applies a batch of worker events on the owner context; completes once applied. */
  public CompletableFuture<Void> apply(List<WireMessage> batch) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          applyNow(batch);
          done.complete(null);
        });
    return done;
  }

  private void applyNow(List<WireMessage> batch) {
    Set<StudyRuntime> touched = new LinkedHashSet<>();
    for (WireMessage m : batch) {
      StudyRuntime rt = studies.get(m.study());
      if (rt == null) {
        unknownStudyMessages++;
        LOG.debug("ignored {} for unknown study {}", m.getClass().getSimpleName(), m.study());
        continue;
      }
      touched.add(rt);
      Outcome o = rt.study.apply(m);
      if (o.kind() == Outcome.Kind.IGNORED) {
        LOG.debug("study {}: ignored {}", rt.id(), o.reason());
      } else if (o.changed()) {
        forEachListener(rt, l -> l.onTrialUpdated(rt.id(), o.trial()));
      }
      if (m instanceof EpochMetrics && o.kind() == Outcome.Kind.CHANGED) {
        maybePrune(rt, o.trial());
      }
      if (o.kind() == Outcome.Kind.RETRY) {
        LOG.info("study {}: trial {} failed ({}), issuing attempt {}", rt.id(), o.trial().number(), o.trial().error().message(), o.trial().attempt());
        publish(rt, o.republish());
      }
    }
    for (StudyRuntime rt : touched) {
      refresh(rt);
      dispatch(rt);
    }
  }

  private void maybePrune(StudyRuntime rt, TrialSnapshot trial) {
    long key = StudyRuntime.attemptKey(trial.number(), trial.attempt());
    if (!rt.study.prunes() || rt.pruneRequested.contains(key)) {
      // without a pruner there is nothing to decide or answer: skip building the study's history
      return;
    }
    Decision d = rt.pruning.decide(trial, rt.study.trials());
    if (!d.prune()) {
      if (rt.study.prunes()) {
        publisher.publish(new TrialControl(WireMessage.SCHEMA_VERSION, rt.id(), trial.number(), trial.attempt(),
            clock.millis(), TrialControl.CONTINUE, "", trial.currentEpoch()));
      }
      return;
    }
    rt.pruneRequested.add(key);
    LOG.info("study {}: pruning trial {} attempt {} at epoch {}: {}", rt.id(), trial.number(), trial.attempt(), trial.currentEpoch(), d.reason());
    TrialControl control =
        new TrialControl(WireMessage.SCHEMA_VERSION, rt.id(), trial.number(), trial.attempt(), clock.millis(), TrialControl.PRUNE, d.reason(), trial.currentEpoch());
    publisher
        .publish(control)
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                LOG.warn("study {}: cannot publish the prune of trial {} attempt {}: {}", rt.id(), trial.number(), trial.attempt(), error.toString());
                context.runOnContext(v -> rt.pruneRequested.remove(key));
              }
            });
  }

  private void dispatch(StudyRuntime rt) {
    int count = rt.study.trialsToCreate();
    if (rt.askTell || rt.sampling || count == 0) {
      return;
    }
    rt.sampling = true;
    int first = rt.study.nextTrialNumber();
    var history = rt.study.trials();
    SweepSpec spec = rt.study.spec();
    context
        .executeBlocking(() -> Suggestions.make(spec, rt.sampler, first, count, history), true)
        .onComplete(
            ar -> {
              rt.sampling = false;
              if (ar.failed()) {
                LOG.error("study {}: sampling trials from {} failed: {}", rt.id(), first, ar.cause().toString());
                return;
              }
              for (Suggestions.Suggestion s : ar.result()) {
                if (s.error() != null) {
                  var t = rt.study.createFailedTrial(s.number(), s.params(), s.error());
                  forEachListener(rt, l -> l.onTrialUpdated(rt.id(), t));
                } else {
                  TrialAssignment a = rt.study.createTrial(s.number(), s.params(), s.config());
                  rt.study.trial(s.number()).ifPresent(t -> forEachListener(rt, l -> l.onTrialUpdated(rt.id(), t)));
                  publish(rt, a);
                }
              }
              refresh(rt);
              dispatch(rt);
            });
  }

  private void publish(StudyRuntime rt, TrialAssignment a) {
    publisher
        .publish(a)
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                LOG.warn("study {}: cannot publish trial {} attempt {}: {}", rt.id(), a.trial(), a.attempt(), error.toString());
                TrialFailed failed =
                    new TrialFailed(WireMessage.SCHEMA_VERSION, a.study(), a.trial(), a.attempt(), clock.millis(), SELF,
                        "publish", "cannot publish the assignment: " + error.getMessage(), true);
                context.runOnContext(v -> applyNow(List.of(failed)));
              }
            });
  }

  /** Runs {@code action} on the owner context; completes with its result or exception. */
  <T> CompletableFuture<T> onContext(java.util.function.Supplier<T> action) {
    CompletableFuture<T> out = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          try {
            out.complete(action.get());
          } catch (RuntimeException e) {
            out.completeExceptionally(e);
          }
        });
    return out;
  }

  Context context() {
    return context;
  }

  /** The ask/tell study {@code studyId}; call on the owner context. */
  StudyRuntime askTellRuntime(String studyId) {
    StudyRuntime rt = studies.get(studyId);
    if (rt == null) {
      throw new java.util.NoSuchElementException("no study with id '" + studyId + "'");
    }
    if (!rt.askTell) {
      throw new IllegalStateException("study " + studyId + " dispatches its trials to workers; ask/tell needs a study created with directions");
    }
    return rt;
  }

  /** Publishes a changed trial and the refreshed study to listeners; call on the owner context. */
  void changed(StudyRuntime rt, TrialSnapshot trial) {
    forEachListener(rt, l -> l.onTrialUpdated(rt.id(), trial));
    refresh(rt);
  }

  private void refresh(StudyRuntime rt) {
    rt.snapshot = rt.study.snapshot();
    snapshots.put(rt.id(), rt.snapshot);
    forEachListener(rt, l -> l.onStudyUpdated(rt.snapshot));
    if (rt.snapshot.isComplete() && !rt.finishAnnounced) {
      rt.finishAnnounced = true;
      LOG.info("study {} complete: best trial {} value {}", rt.id(), rt.snapshot.bestTrial(), rt.snapshot.bestValue());
      forEachListener(rt, l -> l.onStudyFinished(rt.snapshot));
    }
  }

  private void forEachListener(StudyRuntime rt, java.util.function.Consumer<StudyListener> call) {
    listeners.forEach(call);
    List.copyOf(rt.watchers).forEach(call);
  }
}
