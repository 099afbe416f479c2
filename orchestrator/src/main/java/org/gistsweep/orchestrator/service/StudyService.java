package org.gistsweep.orchestrator.service;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.common.spec.PathSettings;
import org.gistsweep.common.spec.SamplerSpec;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.spec.SweepSpecWriter;
import org.gistsweep.common.spec.WorkerRoots;
import org.gistsweep.common.trial.Direction;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.AttemptTokens;
import org.gistsweep.common.wire.DeadLetterKind;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.Heartbeat;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.common.wire.TrialFailed;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.journal.JournalEntry;
import org.gistsweep.orchestrator.journal.StudyLog;
import org.gistsweep.orchestrator.kafka.EventBatchHandler;
import org.gistsweep.orchestrator.kafka.TrialPublisher;
import org.gistsweep.orchestrator.pruner.Decision;
import org.gistsweep.orchestrator.pruner.Pruners;
import org.gistsweep.orchestrator.sampler.Sampler;
import org.gistsweep.orchestrator.sampler.Samplers;
import org.gistsweep.orchestrator.study.ControlConflict;
import org.gistsweep.orchestrator.study.Outcome;
import org.gistsweep.orchestrator.study.Study;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Owns every {@link org.gistsweep.orchestrator.study.Study}: all mutation runs on one Vert.x
 * context, so the cores need no locks. Readers get immutable snapshots from any thread. Dispatch:
 * whenever a study starts or a trial finishes, it creates as many trials as {@code
 * Study.trialsToCreate()} allows, in batches of at most {@value #SAMPLE_BATCH}: each batch is
 * sampled off the event loop on a pool shared by every study ({@link SamplingLane}: one task per
 * study at a time), then its trials are recorded and their assignments published, and only then is
 * the study's next batch sampled. So studies take turns on the pool, a slow sampler never holds up
 * another study for more than one batch, and a control that stops dispatching (pause, stop, cancel,
 * a lower budget) stops sampling at the next suggestion.
 *
 * <p>Every new study and budget is checked against the {@link StudyLimits} first.
 *
 * <p>Event-sourced: every mutation records a {@link JournalEntry} (with the instant it was applied,
 * to which the clock is pinned meanwhile), and the entries of one context task go to the {@link
 * StudyLog} together with the messages to workers they caused, atomically. {@link #recover()}
 * replays the log at start, so a restarted orchestrator goes on with every study where its journal
 * ends. Callers that need durability ({@link #apply}, ask/tell, {@link #submit}) complete once the
 * entries are written.
 *
 * <p>Pruning: after each applied epoch of a live attempt the study's pruner is asked (cheap, on the
 * owner context); on prune, one {@code TrialControl(prune)} is published for that attempt, never
 * twice (a failed publish may be retried at the attempt's next epoch). The trial becomes PRUNED
 * when its worker reports {@code TrialFinished(pruned)}.
 *
 * <p>Ask/tell studies ({@link #createAskTell}) dispatch nothing: a client asks for trials, reports
 * intermediate values and tells results ({@link #ask}, {@link #report}, {@link #tell}).
 */
public final class StudyService {
  /** The worker id on failures the orchestrator reports itself. */
  public static final String SELF = Study.ORCHESTRATOR;

  private static final Logger LOG = LoggerFactory.getLogger(StudyService.class);

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /** The most suggestions one sampling task makes for dispatch. */
  static final int SAMPLE_BATCH = 8;

  /**
   * Threads of the sampling pool, shared by every study (the same pool for services on one Vert.x).
   */
  private static final int SAMPLING_THREADS =
      Math.max(2, Runtime.getRuntime().availableProcessors());

  private final Context context;
  private final StudyLog log;
  private final JournalClock clock;
  private final List<JournalEntry> pendingEntries = new ArrayList<>();
  private final List<WireMessage> pendingOut = new ArrayList<>();
  private Instant leasesCountFrom = Instant.MIN;
  private final StudyIds ids;
  private final Map<String, StudyRuntime> studies = new LinkedHashMap<>();
  private final Map<String, StudySnapshot> snapshots = new ConcurrentHashMap<>();
  private final List<StudyListener> listeners = new CopyOnWriteArrayList<>();
  private final AskTell askTell = new AskTell(this);
  private volatile long unknownStudyMessages;
  private volatile LongSupplier deadLettered = () -> 0;
  private volatile ToLongFunction<DeadLetterKind> deadLetteredByKind = kind -> 0;
  private volatile ServiceMetrics metrics = ServiceMetrics.NONE;
  private volatile boolean recovered;
  private volatile WorkerRoots workerRoots = WorkerRoots.UNKNOWN;
  private volatile StudyLimits limits = StudyLimits.DEFAULTS;
  private final WorkerExecutor samplingPool;

  /**
   * Deletes what retention and archiving ask for, once an artifact store is set; {@code null}
   * before.
   */
  private ArtifactRetention retention;

  /**
   * Deletes epoch checkpoints the studies no longer need, once an artifact store is set; {@code
   * null} before.
   */
  private CheckpointCleanup checkpointCleanup;

  private volatile ArtifactStore artifactStore;

  /** Makes each new study's sampler; tests put in slow or counting ones. */
  private volatile BiFunction<SamplerSpec, Direction, Sampler> samplers = Samplers::create;

  /**
   * Creates the service on a fresh context of {@code vertx} (call it from a non-Vert.x thread).
   *
   * @param log the journal and outbox; call {@link #recover()} before anything else
   */
  public StudyService(Vertx vertx, StudyLog log, Clock clock) {
    this.context = vertx.getOrCreateContext();
    this.samplingPool = vertx.createSharedWorkerExecutor("gist-sampling", SAMPLING_THREADS);
    this.log = log;
    this.clock = new JournalClock(clock);
    this.ids = new StudyIds(this.clock);
  }

  /** A service whose journal lives in memory and whose messages go to {@code publisher}. */
  public StudyService(Vertx vertx, TrialPublisher publisher, Clock clock) {
    this(vertx, new InMemoryStudyLog(publisher), clock);
  }

  /**
   * Replays the journal (blocking the calling thread while it is read), rebuilds every study, then
   * resumes dispatching. Running trials get a full lease from now: their workers may have sent
   * heartbeats that nobody read. Completes with the number of studies recovered.
   */
  public CompletableFuture<Integer> recover() {
    List<JournalEntry> entries = log.recover();
    return onContext(
        () -> {
          StudyReplay.Result r = StudyReplay.replay(entries, clock);
          leasesCountFrom = clock.base().instant();
          r.studies().values().forEach(rt -> ids.reserve(rt.id()));
          for (StudyRuntime rt : r.studies().values()) {
            studies.put(rt.id(), rt);
            snapshots.put(rt.id(), rt.snapshot);
          }
          if (!entries.isEmpty()) {
            LOG.info(
                "journal replayed: {} entries, {} studies{}",
                r.applied(),
                r.studies().size(),
                r.skipped() > 0 ? ", " + r.skipped() + " entries skipped (see errors above)" : "");
          }
          for (StudyRuntime rt : r.studies().values()) {
            rt.finishAnnounced = rt.study.isFinished();
            refresh(rt);
            mutate(() -> dispatch(rt));
            keepArtifacts(rt); // a pass the last run decided but did not record runs again
          }
          recovered = true;
          return r.studies().size();
        });
  }

  /**
   * Checks every second, on the owner context, for running trials whose worker went silent for
   * longer than {@code lease}, and issues them again (see {@link Study#expiredLeases}).
   */
  public void startLeaseChecks(Duration lease) {
    context.runOnContext(v -> context.owner().setPeriodic(1000, id -> checkLeases(lease)));
  }

  /** One lease check; must run on the owner context. */
  void checkLeases(Duration lease) {
    Optional<Instant> reachable = log.reachableSince();
    if (reachable.isEmpty()) {
      return;
    }
    Instant countFrom =
        reachable.get().isAfter(leasesCountFrom) ? reachable.get() : leasesCountFrom;
    mutate(
        () -> {
          for (StudyRuntime rt : List.copyOf(studies.values())) {
            List<TrialFailed> expired = rt.study.expiredLeases(lease, SELF, countFrom);
            if (!expired.isEmpty()) {
              expired.forEach(
                  f -> {
                    metrics.leaseExpired();
                    TrialLog.log(
                        LOG,
                        Level.WARN,
                        rt.id(),
                        f.trial(),
                        f.attempt(),
                        "study {}: trial {} attempt {}: {}",
                        rt.id(),
                        f.trial(),
                        f.attempt(),
                        f.message());
                  });
              applyNow(List.copyOf(expired), true);
            }
          }
        });
  }

  /** Where the service reports what it does ({@link ServiceMetrics#NONE} until set). */
  public void setMetrics(ServiceMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * The caps that new studies and budget controls are checked against ({@link StudyLimits#DEFAULTS}
   * until set).
   */
  public void setLimits(StudyLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * The artifact store the workers write trial weights and logs to: from now on every study keeps
   * its weights within its {@code retain: {best: K}} (after each trial ends, and once now for every
   * study), and a study archived with {@code artifacts: true} has its artifacts deleted. The caller
   * keeps owning the store (and closes it after this service).
   */
  public void setArtifactStore(ArtifactStore store) {
    Objects.requireNonNull(store, "store");
    artifactStore = store;
    context.runOnContext(
        v -> {
          retention = new ArtifactRetention(this, store);
          checkpointCleanup = new CheckpointCleanup(this, store);
          if (recovered) {
            studies.values().forEach(retention::check);
            studies.values().forEach(checkpointCleanup::check);
          }
        });
  }

  /** The artifact store set by {@link #setArtifactStore}, if any. */
  public Optional<ArtifactStore> artifactStore() {
    return Optional.ofNullable(artifactStore);
  }

  /**
   * Completes once the artifacts of study {@code studyId}, archived with {@code artifacts: true},
   * are deleted from the store and that is journaled (at once when none are waiting); fails with
   * the store's error when deleting them fails (they are tried again later), with {@link
   * java.util.NoSuchElementException} for an unknown study, and with {@link IllegalStateException}
   * without an artifact store.
   */
  public CompletableFuture<Void> studyArtifactsDeleted(String studyId) {
    return onContext(
            () -> {
              StudyRuntime rt = studies.get(studyId);
              if (rt == null) {
                throw new NoSuchElementException(
                    "no study with id '" + studyId + "'; GET /api/studies lists them");
              }
              if (retention == null) {
                throw new IllegalStateException("this orchestrator has no artifact store");
              }
              return retention.awaitStudyDeletion(rt);
            })
        .thenCompose(f -> f);
  }

  /**
   * Completes with the study's snapshot once no retention pass over it runs or is due (at once
   * without an artifact store): what its JSON then says about its artifacts is what the store
   * holds. Fails with {@link java.util.NoSuchElementException} for an unknown study.
   */
  public CompletableFuture<StudySnapshot> artifactsSettled(String studyId) {
    return onContext(
            () -> {
              StudyRuntime rt = studies.get(studyId);
              if (rt == null) {
                throw new NoSuchElementException(
                    "no study with id '" + studyId + "'; GET /api/studies lists them");
              }
              return retention == null
                  ? CompletableFuture.<Void>completedFuture(null)
                  : retention.awaitIdle(rt);
            })
        .thenCompose(f -> f)
        .thenApply(v -> snapshots.get(studyId));
  }

  /** The caps in force. */
  public StudyLimits limits() {
    return limits;
  }

  /** Tests: how new studies' samplers are made. */
  void setSamplers(BiFunction<SamplerSpec, Direction, Sampler> factory) {
    this.samplers = factory;
  }

  /** Whether {@link #recover()} has replayed the journal: the studies are back and dispatching. */
  public boolean recovered() {
    return recovered;
  }

  /**
   * Whether the study log's store answers now (the Kafka broker; always for the in-memory log).
   * Cheap: the log probes on its own thread.
   */
  public boolean storeReachable() {
    return log.reachableSince().isPresent();
  }

  /** Where the count of dead-lettered (poison) worker records comes from. */
  public void setDeadLetterCount(LongSupplier counter) {
    this.deadLettered = counter;
  }

  /** Where the counts of dead-lettered worker records by kind come from. */
  public void setDeadLetterCounts(ToLongFunction<DeadLetterKind> counter) {
    this.deadLetteredByKind = counter;
  }

  /**
   * Worker records that went to the dead-letter topic: undecodable, or rejected as no honest worker
   * sends them (see {@link DeadLetterKind}).
   */
  public long deadLettered() {
    return deadLettered.getAsLong();
  }

  /** Worker records of one kind that went to the dead-letter topic. */
  public long deadLettered(DeadLetterKind kind) {
    return deadLetteredByKind.applyAsLong(kind);
  }

  /** Registers a listener for every study. */
  public void addListener(StudyListener listener) {
    listeners.add(listener);
  }

  /**
   * Creates a study and starts dispatching its trials.
   *
   * @throws SpecException at once when the study is over a {@link StudyLimits} cap, the sampler
   *     cannot search the space (e.g. a grid over a float without step) or a path setting is
   *     refused ({@link #checkPathsAgainst}); the future fails with one when the exact size of a
   *     conditional grid is over the cap
   */
  public CompletableFuture<String> submit(SweepSpec spec) {
    return open(spec, false);
  }

  /**
   * Creates an ask/tell study: no trial is dispatched to workers; a client drives it through {@link
   * #ask}, {@link #report} and {@link #tell}.
   *
   * @throws SpecException as {@link #submit} does
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
  public CompletableFuture<Decision> report(
      String studyId, int trial, int step, List<Double> values) {
    return askTell.report(studyId, trial, step, values);
  }

  /**
   * Ask/tell: finishes a trial (COMPLETE with values, PRUNED, FAILED); telling a finished trial
   * again completes with it unchanged. Fails as {@link #report} does.
   */
  public CompletableFuture<TrialSnapshot> tell(
      String studyId, int trial, TrialState state, List<Double> values) {
    return askTell.tell(studyId, trial, state, values);
  }

  /**
   * From now on, a worker sweep naming an absolute data or weights path outside {@code roots} is
   * refused at submit ({@link PathSettings}); the checks that need no roots are always made.
   */
  public void checkPathsAgainst(WorkerRoots roots) {
    workerRoots = roots;
  }

  private CompletableFuture<String> open(SweepSpec spec, boolean askTellStudy) {
    if (!askTellStudy) {
      PathSettings.check(spec, workerRoots); // an ask/tell study's parameters name no files
    }
    // Fail the caller at once (not later on the owner context) when the study is over a cap or the
    // sampler cannot search the space, e.g. a grid over a float without step: O(parameters).
    StudyLimits caps = limits;
    caps.check(spec, askTellStudy);
    Sampler sampler = samplers.apply(spec.sampler(), spec.objective().direction());
    Pruners.create(spec.pruner(), spec.name(), spec.directions(), spec.budget().epochs());
    Map<String, Object> document =
        askTellStudy ? SweepSpecWriter.askTellDocument(spec) : SweepSpecWriter.sweepDocument(spec);
    CompletableFuture<String> id = new CompletableFuture<>();
    // the sampler's size may mean counting a conditional grid: on the sampling pool
    context.runOnContext(
        v ->
            samplingPool
                .executeBlocking(() -> sampler.size(spec.space()).orElse(Long.MAX_VALUE), false)
                .onComplete(
                    sized -> {
                      try {
                        if (sized.failed()) {
                          throw sized.cause() instanceof RuntimeException e
                              ? e
                              : new IllegalStateException(sized.cause());
                        }
                        if ("grid".equals(spec.sampler().type())) {
                          caps.checkGrid(sized.result());
                        }
                        create(spec, askTellStudy, sampler, sized.result(), document, id);
                      } catch (RuntimeException e) {
                        id.completeExceptionally(e);
                      }
                    }));
    return id;
  }

  /** Records the new study and starts dispatching it; on the owner context. */
  private void create(
      SweepSpec spec,
      boolean askTellStudy,
      Sampler sampler,
      long size,
      Map<String, Object> document,
      CompletableFuture<String> id) {
    String[] created = new String[1];
    mutate(
            () -> {
              String secret = AttemptTokens.newSecret();
              StudyRuntime rt =
                  StudyRuntime.create(
                      ids.next(spec.name()), spec, askTellStudy, clock, secret, sampler, size);
              created[0] = rt.id();
              studies.put(rt.id(), rt);
              snapshots.put(rt.id(), rt.snapshot);
              record(
                  new JournalEntry.StudyOpened(
                      rt.id(), clock.millis(), askTellStudy, document, secret));
              LOG.info(
                  "study {} created{}: sampler {} seed {}, pruner {}, {} trials",
                  rt.id(),
                  askTellStudy ? " (ask/tell)" : "",
                  rt.sampler.type(),
                  spec.sampler().seed(),
                  rt.pruner.type(),
                  rt.snapshot.maxTrials());
              refresh(rt);
              dispatch(rt);
            })
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                id.completeExceptionally(error);
              } else {
                id.complete(created[0]);
              }
            });
  }

  /**
   * Applies a control a person asked for (pause, resume, stop, cancel, budget, enqueue, stop_trial,
   * archive, restore; see {@code Steering}) on the owner context: when it changes something, its
   * journal entry and the stop requests it causes are written in one transaction, then dispatching
   * goes on as the new state allows. Completes once durable with the study after it and whether it
   * changed anything; fails with {@link java.util.NoSuchElementException} (unknown study or trial),
   * {@link org.gistsweep.orchestrator.study.ControlConflict} (does not fit the state: 409) or
   * {@link IllegalArgumentException} (bad arguments).
   *
   * @param call the HTTP call that carries it, as the study JSON lists it
   */
  public CompletableFuture<Controlled> control(
      String studyId, String control, String call, Map<String, Object> args) {
    return mutateOnContext(
        () -> {
          StudyRuntime rt = studies.get(studyId);
          if (rt == null) {
            throw new NoSuchElementException(
                "no study with id '" + studyId + "'; GET /api/studies lists them");
          }
          if ("budget".equals(control)) {
            limits.checkBudget(args);
          }
          if (rt.askTell && ("suspend_trial".equals(control) || "resume_trial".equals(control))) {
            throw new ControlConflict(
                "study "
                    + studyId
                    + " is an ask/tell study: its client"
                    + " evaluates the trials, no worker holds one to suspend or resume",
                null);
          }
          var result = rt.study.control(control, call, args);
          if (result.changed()) {
            rt.controls++; // the only writer is this context; a batch being sampled reads it
            record(new JournalEntry.Controlled(rt.id(), clock.millis(), control, call, args));
            LOG.info(
                "study {}: {} {} -> {}",
                rt.id(),
                control,
                args.isEmpty() ? "" : args,
                rt.study.state());
            if (!rt.askTell) {
              result
                  .toWorkers()
                  .forEach(this::send); // an ask/tell client learns it when it reports or tells
            }
            result.trials().forEach(t -> forEachListener(rt, l -> l.onTrialUpdated(rt.id(), t)));
            sendIssued(rt);
            if (!rt.study.isFinished()) {
              rt.finishAnnounced = false;
            }
            refresh(rt);
            dispatch(rt);
            keepArtifacts(rt);
          }
          return new Controlled(rt.snapshot, result.changed());
        });
  }

  /**
   * The answer to a control: the study after it, and whether it changed anything (false: a repeat).
   */
  public record Controlled(StudySnapshot study, boolean changed) {}

  /** The latest snapshot of a study, from any thread. */
  public Optional<StudySnapshot> snapshot(String studyId) {
    return Optional.ofNullable(snapshots.get(studyId));
  }

  /** Every study's latest snapshot, newest first. */
  public List<StudySnapshot> studies() {
    return snapshots.values().stream()
        .sorted(
            Comparator.comparing(StudySnapshot::createdAt)
                .thenComparing(StudySnapshot::id)
                .reversed())
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
            handle.completeExceptionally(new NoSuchElementException("unknown study " + studyId));
            return;
          }
          rt.watchers.add(listener);
          listener.onStudyUpdated(rt.snapshot);
          handle.complete(() -> context.runOnContext(x -> rt.watchers.remove(listener)));
        });
    return handle;
  }

  /**
   * Applies a batch of worker events on the owner context; completes once they are journaled, with
   * those rejected as no honest worker sends them (see {@code Study}): they changed nothing and are
   * not journaled, so the caller dead-letters them.
   */
  public CompletableFuture<List<EventBatchHandler.Rejected>> apply(List<WireMessage> batch) {
    CompletableFuture<List<EventBatchHandler.Rejected>> done = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          List<EventBatchHandler.Rejected> rejected = new ArrayList<>();
          mutate(() -> rejected.addAll(applyNow(batch, false)))
              .whenComplete(
                  (ok, e) -> {
                    if (e != null) {
                      done.completeExceptionally(e);
                    } else {
                      done.complete(List.copyOf(rejected));
                    }
                  });
        });
    return done;
  }

  /**
   * Applies worker events, or the orchestrator's own failures ({@code own}); returns the rejected.
   */
  private List<EventBatchHandler.Rejected> applyNow(
      List<? extends WireMessage> batch, boolean own) {
    long began = System.nanoTime();
    ServiceMetrics meter = metrics;
    Set<StudyRuntime> touched = new LinkedHashSet<>();
    Set<StudyRuntime> trialEnded = new LinkedHashSet<>();
    List<EventBatchHandler.Rejected> rejected = new ArrayList<>();
    for (WireMessage m : batch) {
      StudyRuntime rt = studies.get(m.study());
      if (rt == null) {
        unknownStudyMessages++;
        meter.unknownStudyEvent();
        LOG.debug("ignored {} for unknown study {}", m.getClass().getSimpleName(), m.study());
        continue;
      }
      Outcome o = own && m instanceof TrialFailed f ? rt.study.applyOwn(f) : rt.study.apply(m);
      meter.eventApplied(m.getClass(), o.kind());
      if (o.kind() == Outcome.Kind.REJECTED) {
        rejected.add(
            new EventBatchHandler.Rejected(
                m, o.rejectedAs(), "study " + rt.id() + ": " + o.reason()));
        continue;
      }
      touched.add(rt);
      if (o.kind() == Outcome.Kind.FINISHED) {
        trialEnded.add(rt);
      }
      trackDispatch(rt, m, o);
      if (!(m instanceof Heartbeat && o.kind() == Outcome.Kind.UNCHANGED)) {
        record(new JournalEntry.WorkerEvent(rt.id(), clock.millis(), m));
      }
      if (o.kind() == Outcome.Kind.IGNORED) {
        LOG.debug("study {}: ignored {}", rt.id(), o.reason());
        rt.study.stopAgain(m).ifPresent(this::send);
      } else if (o.changed()) {
        forEachListener(rt, l -> l.onTrialUpdated(rt.id(), o.trial()));
      }
      if (m instanceof EpochMetrics && o.kind() == Outcome.Kind.CHANGED) {
        maybePrune(rt, o.trial());
      }
      if (o.kind() == Outcome.Kind.RETRY) {
        meter.attemptReissued();
        TrialLog.log(
            LOG,
            Level.INFO,
            rt.id(),
            o.trial().number(),
            o.trial().attempt(),
            "study {}: trial {} failed ({}), issuing attempt {}",
            rt.id(),
            o.trial().number(),
            o.trial().error().message(),
            o.trial().attempt());
        send(o.republish());
      }
      sendIssued(rt);
      if (rt.study.spec().pruner().promotes()) {
        trialEnded.add(rt); // a promotion step may have ended paused trials
      }
    }
    for (StudyRuntime rt : touched) {
      refresh(rt);
      dispatch(rt);
      if (checkpointCleanup != null) {
        checkpointCleanup.check(rt);
      }
    }
    trialEnded.forEach(this::keepArtifacts);
    meter.batchApplied(batch.size(), System.nanoTime() - began);
    return rejected;
  }

  /**
   * Dispatch latency: from an attempt's assignment (see {@link #send}) to its {@code
   * trial_started}.
   */
  private void trackDispatch(StudyRuntime rt, WireMessage m, Outcome o) {
    if (m instanceof TrialStarted && o.kind() == Outcome.Kind.CHANGED) {
      Long assigned = rt.assignedAt.remove(StudyRuntime.attemptKey(m.trial(), m.attempt()));
      if (assigned != null) {
        metrics.dispatchLatency(Math.max(0, clock.millis() - assigned));
      }
    } else if (o.kind() == Outcome.Kind.FINISHED || o.kind() == Outcome.Kind.RETRY) {
      rt.assignedAt.remove(StudyRuntime.attemptKey(m.trial(), m.attempt()));
    }
  }

  /** Publishes the assignments of the trials the study promoted (promotion ASHA). */
  private void sendIssued(StudyRuntime rt) {
    for (TrialAssignment a : rt.study.takeIssued()) {
      TrialLog.log(
          LOG,
          Level.INFO,
          rt.id(),
          a.trial(),
          a.attempt(),
          "study {}: promoting trial {} as attempt {}: resumes after epoch {}, pauses after epoch"
              + " {}",
          rt.id(),
          a.trial(),
          a.attempt(),
          a.resumeFrom() == null ? 0 : a.resumeFrom().epoch(),
          a.pauseAfterEpoch());
      send(a);
      rt.study
          .trial(a.trial())
          .ifPresent(t -> forEachListener(rt, l -> l.onTrialUpdated(rt.id(), t)));
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
        send(
            new TrialControl(
                WireMessage.SCHEMA_VERSION,
                rt.id(),
                trial.number(),
                trial.attempt(),
                clock.millis(),
                TrialControl.CONTINUE,
                "",
                trial.currentEpoch()));
      }
      return;
    }
    rt.pruneRequested.add(key);
    TrialLog.log(
        LOG,
        Level.INFO,
        rt.id(),
        trial.number(),
        trial.attempt(),
        "study {}: pruning trial {} attempt {} at epoch {}: {}",
        rt.id(),
        trial.number(),
        trial.attempt(),
        trial.currentEpoch(),
        d.reason());
    send(
        new TrialControl(
            WireMessage.SCHEMA_VERSION,
            rt.id(),
            trial.number(),
            trial.attempt(),
            clock.millis(),
            TrialControl.PRUNE,
            d.reason(),
            trial.currentEpoch()));
  }

  private void dispatch(StudyRuntime rt) {
    if (rt.askTell || rt.sampling) {
      return;
    }
    int count = Math.min(SAMPLE_BATCH, rt.study.trialsToCreate());
    if (count == 0) {
      return;
    }
    rt.sampling = true;
    int first = rt.study.nextTrialNumber();
    var history = rt.study.trials();
    SweepSpec spec = rt.study.spec();
    ServiceMetrics meter = metrics;
    List<Map<String, Object>> enqueued = rt.study.enqueued();
    int controls = rt.controls;
    rt.lane
        .submit(
            samplingPool,
            () ->
                Suggestions.make(
                    spec,
                    rt.sampler,
                    first,
                    count,
                    history,
                    enqueued,
                    meter,
                    () -> rt.controls == controls))
        .onComplete(
            ar -> {
              rt.sampling = false;
              if (ar.failed()) {
                LOG.error(
                    "study {}: sampling trials from {} failed: {}",
                    rt.id(),
                    first,
                    ar.cause().toString());
                return;
              }
              mutate(() -> createTrials(rt, ar.result(), enqueued));
            });
  }

  private void createTrials(
      StudyRuntime rt,
      List<Suggestions.Suggestion> suggestions,
      List<Map<String, Object>> enqueued) {
    List<Map<String, Object>> queued = rt.study.enqueued();
    int n = suggestions.size();
    if (!queued
        .subList(0, Math.min(n, queued.size()))
        .equals(enqueued.subList(0, Math.min(n, enqueued.size())))) {
      dispatch(
          rt); // params were enqueued while sampling: sample again so the next trials take them
      return;
    }
    for (Suggestions.Suggestion s : suggestions) {
      if (s.number() != rt.study.nextTrialNumber() || rt.study.trialsToCreate() < 1) {
        break; // a control (pause, stop, a lower budget) came while sampling: the rest is not
        // wanted
      }
      if (s.error() != null) {
        var t = rt.study.createFailedTrial(s.number(), s.params(), s.error());
        record(
            new JournalEntry.TrialRejected(
                rt.id(),
                clock.millis(),
                s.number(),
                s.params(),
                s.error().type(),
                s.error().message()));
        forEachListener(rt, l -> l.onTrialUpdated(rt.id(), t));
      } else {
        TrialAssignment a = rt.study.createTrial(s.number(), s.params(), s.config());
        record(
            new JournalEntry.TrialCreated(
                rt.id(), clock.millis(), s.number(), s.params(), s.config()));
        rt.study
            .trial(s.number())
            .ifPresent(t -> forEachListener(rt, l -> l.onTrialUpdated(rt.id(), t)));
        send(a);
      }
    }
    refresh(rt);
    dispatch(rt);
  }

  /**
   * Runs {@code body} on the owner context with the clock pinned to one instant, then writes the
   * entries and messages it recorded (when this is the outermost mutation). The future completes
   * once they are durable.
   */
  CompletableFuture<Void> mutate(Runnable body) {
    clock.enter();
    CompletableFuture<Void> durable = DONE;
    try {
      body.run();
    } finally {
      if (clock.exit()) {
        durable = flush();
      }
    }
    return durable;
  }

  /** Records a journal entry of the running mutation. */
  void record(JournalEntry entry) {
    pendingEntries.add(entry);
  }

  /** The instant the running mutation is pinned to, as epoch milliseconds. */
  long now() {
    return clock.millis();
  }

  private void send(WireMessage message) {
    if (message instanceof TrialAssignment a) {
      StudyRuntime rt = studies.get(a.study());
      if (rt != null) {
        rt.assignedAt.put(StudyRuntime.attemptKey(a.trial(), a.attempt()), clock.millis());
      }
    }
    pendingOut.add(message);
  }

  private CompletableFuture<Void> flush() {
    if (pendingEntries.isEmpty() && pendingOut.isEmpty()) {
      return DONE;
    }
    List<JournalEntry> entries = List.copyOf(pendingEntries);
    List<WireMessage> out = List.copyOf(pendingOut);
    pendingEntries.clear();
    pendingOut.clear();
    long began = System.nanoTime();
    CompletableFuture<Void> durable = log.append(entries, out);
    durable.whenComplete(
        (ok, error) -> {
          if (error == null) {
            metrics.journalAppended(System.nanoTime() - began);
          } else {
            LOG.error(
                "the study journal could not record {} entries and {} messages: {}",
                entries.size(),
                out.size(),
                error.toString());
          }
        });
    return durable;
  }

  /**
   * Runs {@code action} on the owner context as one mutation; completes with its result once what
   * it recorded is durable, or with its exception.
   */
  <T> CompletableFuture<T> mutateOnContext(Supplier<T> action) {
    CompletableFuture<T> out = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          Object[] result = new Object[1];
          CompletableFuture<Void> durable;
          try {
            durable = mutate(() -> result[0] = action.get());
          } catch (RuntimeException e) {
            out.completeExceptionally(e);
            return;
          }
          @SuppressWarnings("unchecked")
          T value = (T) result[0];
          durable.whenComplete(
              (ok, error) -> {
                if (error != null) {
                  out.completeExceptionally(error);
                } else {
                  out.complete(value);
                }
              });
        });
    return out;
  }

  /** Runs {@code action} on the owner context; completes with its result or exception. */
  <T> CompletableFuture<T> onContext(Supplier<T> action) {
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

  /** Where this service reports (for the ask/tell calls). */
  ServiceMetrics metrics() {
    return metrics;
  }

  /** The journal this service writes (tests). */
  StudyLog log() {
    return log;
  }

  Context context() {
    return context;
  }

  /** The pool every study's sampler runs on (through its {@link SamplingLane}). */
  WorkerExecutor samplingPool() {
    return samplingPool;
  }

  /** The ask/tell study {@code studyId}; call on the owner context. */
  StudyRuntime askTellRuntime(String studyId) {
    StudyRuntime rt = studies.get(studyId);
    if (rt == null) {
      throw new NoSuchElementException("no study with id '" + studyId + "'");
    }
    if (!rt.askTell) {
      throw new IllegalStateException(
          "study "
              + studyId
              + " dispatches its trials to workers; ask/tell needs a study created with"
              + " directions");
    }
    return rt;
  }

  /**
   * Starts a retention pass over {@code rt} if an artifact store is set; on the owner context,
   * after {@link #refresh}.
   */
  private void keepArtifacts(StudyRuntime rt) {
    if (retention != null) {
      retention.check(rt);
    }
    if (checkpointCleanup != null) {
      checkpointCleanup.check(rt);
    }
  }

  /**
   * Publishes changed trials, then the refreshed study, to listeners; call on the owner context.
   */
  void trialsChanged(StudyRuntime rt, List<TrialSnapshot> trials) {
    trials.forEach(t -> forEachListener(rt, l -> l.onTrialUpdated(rt.id(), t)));
    refresh(rt);
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
    if (rt.snapshot.isFinished() && !rt.finishAnnounced) {
      rt.finishAnnounced = true;
      LOG.info(
          "study {} {}: best trial {} value {}",
          rt.id(),
          rt.snapshot.state(),
          rt.snapshot.bestTrial(),
          rt.snapshot.bestValue());
      forEachListener(rt, l -> l.onStudyFinished(rt.snapshot));
    }
  }

  private void forEachListener(StudyRuntime rt, Consumer<StudyListener> call) {
    listeners.forEach(call);
    List.copyOf(rt.watchers).forEach(call);
  }
}
