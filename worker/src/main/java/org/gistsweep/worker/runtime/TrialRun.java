package org.gistsweep.worker.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.ResumePoint;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialFailed;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.TrialSuspended;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.common.wire.WorkerReportChecks;
import org.gistsweep.worker.train.CheckpointUploader;
import org.gistsweep.worker.train.EpochDecision;
import org.gistsweep.worker.train.EpochListener;
import org.gistsweep.worker.train.EpochResult;
import org.gistsweep.worker.train.ResumeRequest;
import org.gistsweep.worker.train.TrainingException;
import org.gistsweep.worker.train.TrainingOutcome;
import org.gistsweep.worker.train.TrialTrainer;
import org.gistsweep.worker.train.WeightsRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt of one trial on the training thread and reports it: started, one metrics event
 * per epoch, then finished (complete or pruned) or failed. A stop request (cancel, prune, shutdown)
 * ends training within one step; after a cancel or a shutdown nothing more is reported. Every
 * report echoes the assignment's attempt token; a failure's message is cut to what the orchestrator
 * accepts ({@link WorkerReportChecks#fitMessage}).
 *
 * <p>With an artifact store, the attempt's log lines go to the store while it runs ({@link
 * AttemptLogSink}), and a complete attempt stores the weights its {@code artifacts} setting asks
 * for before it reports the finish, which lists them ({@link AttemptArtifacts}); the temporary
 * files are deleted whatever happens.
 *
 * <p>With {@code resume: true} and a store, the trainer stores an epoch checkpoint after every
 * {@code resume_every}-th epoch but the last, named in that epoch's {@link EpochMetrics}. An
 * assignment's {@code resumeFrom} is downloaded and checked against its sha256 before training;
 * {@link TrialStarted} says whether the attempt resumed from it or refused it (and why). A {@code
 * suspend} control, or the assignment's {@code pauseAfterEpoch}, hands the trial back after the
 * current epoch with its checkpoint ({@link TrialSuspended}) instead of a finish.
 */
final class TrialRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrialRun.class);

  private final TrialAssignment assignment;
  private final String workerId;
  private final TrialTrainer trainer;
  private final EventSink events;
  private final Clock clock;

  /** How long a worker waits after an epoch for the pruner's decision before training on. */
  static final Duration DECISION_WAIT = Duration.ofSeconds(5);

  private final StopRequest stop;
  private final WorkerMetrics metrics;
  private final AttemptArtifacts artifacts;
  private int epochs = Integer.MAX_VALUE;

  /**
   * Set when the attempt hands the trial back after an epoch (suspend, rung); sent once training
   * has stopped.
   */
  private TrialSuspended handedBack;

  private final CompletableFuture<Void> started = new CompletableFuture<>();

  TrialRun(
      TrialAssignment assignment,
      String workerId,
      TrialTrainer trainer,
      EventSink events,
      Clock clock,
      StopRequest stop) {
    this(assignment, workerId, trainer, events, clock, stop, WorkerMetrics.NONE);
  }

  TrialRun(
      TrialAssignment assignment,
      String workerId,
      TrialTrainer trainer,
      EventSink events,
      Clock clock,
      StopRequest stop,
      WorkerMetrics metrics) {
    this(assignment, workerId, trainer, events, clock, stop, metrics, AttemptArtifacts.NONE);
  }

  TrialRun(
      TrialAssignment assignment,
      String workerId,
      TrialTrainer trainer,
      EventSink events,
      Clock clock,
      StopRequest stop,
      WorkerMetrics metrics,
      AttemptArtifacts artifacts) {
    this.artifacts = artifacts;
    this.metrics = metrics;
    this.assignment = assignment;
    this.workerId = workerId;
    this.trainer = trainer;
    this.events = events;
    this.clock = clock;
    this.stop = stop;
  }

  /**
   * Completes once the orchestrator durably knows this worker holds the attempt (TrialStarted is
   * published), or once the run ended without starting.
   */
  CompletableFuture<Void> started() {
    return started;
  }

  /** Trains and reports; never throws for a trial's own failure (that is reported instead). */
  void run() {
    TrialAssignment a = assignment;
    metrics.trialStarted(a.study(), a.trial(), a.attempt());
    String outcome = "failed";
    try (AttemptLogSink log = artifacts.openLog(a);
        AttemptMdc mdc = AttemptMdc.put(a, workerId)) {
      outcome = trainAndReport();
    } finally {
      started.complete(null);
      metrics.trialEnded(outcome);
    }
  }

  /** Returns how the attempt ended: complete, pruned, failed or stopped. */
  private String trainAndReport() {
    TrialAssignment a = assignment;
    TrainingSettings settings;
    try {
      settings = TrainingSettings.resolve(a.config(), Map.of());
    } catch (SpecException e) {
      events.sendDurably(
          failed("invalid_config", "invalid trial config: " + e.getMessage(), false));
      return "failed";
    }
    epochs = settings.epochs();
    LOG.info(
        "trial {}/{} attempt {} started on worker {}: {}",
        a.study(),
        a.trial(),
        a.attempt(),
        workerId,
        a.params());
    settings
        .legacyWarnings()
        .forEach(w -> LOG.warn("trial {}/{} attempt {}: {}", a.study(), a.trial(), a.attempt(), w));
    ScratchFolder scratch = null;
    try {
      WeightsRequest weights = WeightsRequest.none();
      String noScratch = null;
      boolean keepsWeights = artifacts.storesWeights() && settings.storedArtifacts().keepsBest();
      boolean checkpoints =
          artifacts
              .storesWeights(); // on the resume_every beat, or for a hand-back even with resume:
      // false
      if (keepsWeights || checkpoints || a.resumeFrom() != null) {
        try {
          scratch = artifacts.newScratch(a);
        } catch (IOException e) {
          noScratch =
              "the weights were not written: no scratch folder under the worker's cache ("
                  + e
                  + ")";
          LOG.warn("trial {}/{} attempt {}: {}", a.study(), a.trial(), a.attempt(), noScratch);
        }
      }
      if (keepsWeights && scratch != null) {
        weights =
            new WeightsRequest(
                settings.storedArtifacts(),
                a.objectiveOrDefault(),
                scratch.dir(),
                a.study(),
                a.trial(),
                a.attempt(),
                a.params(),
                clock);
      }
      return trainAndReport(
          settings, weights, keepsWeights ? noScratch : null, resumeRequest(scratch));
    } finally {
      AttemptArtifacts.deleteScratch(scratch);
    }
  }

  /**
   * Where checkpoints go (any worker with a store) and the checkpoint this attempt starts from,
   * downloaded and checked.
   */
  private ResumeRequest resumeRequest(ScratchFolder scratch) {
    TrialAssignment a = assignment;
    CheckpointUploader uploader =
        artifacts.storesWeights() && scratch != null ? artifacts.checkpoints(a) : null;
    ResumePoint from = a.resumeFrom();
    if (from == null) {
      return new ResumeRequest(
          uploader, scratch == null ? null : scratch.dir(), null, 0, null, a.params());
    }
    String refused =
        scratch == null
            ? "no scratch folder under the worker's cache to download the checkpoint to"
            : null;
    Path file = null;
    if (refused == null) {
      file = scratch.dir().resolve("resume-" + ArtifactRef.checkpointName(from.epoch()));
      long start = System.nanoTime();
      refused = artifacts.downloadCheckpoint(from, file);
      if (refused == null) {
        LOG.info(
            "trial {}/{} attempt {}: downloaded {} (epoch {} of attempt {}) in {} ms",
            a.study(),
            a.trial(),
            a.attempt(),
            from.key(),
            from.epoch(),
            from.attempt(),
            (System.nanoTime() - start) / 1_000_000);
      }
    }
    return new ResumeRequest(
        uploader,
        scratch == null ? null : scratch.dir(),
        refused == null ? file : null,
        from.epoch(),
        refused,
        a.params());
  }

  private String trainAndReport(
      TrainingSettings settings, WeightsRequest weights, String noScratch, ResumeRequest resume) {
    TrialAssignment a = assignment;
    TrainingOutcome outcome;
    try {
      outcome =
          trainer.train(
              settings,
              new EpochListener() {
                @Override
                public EpochDecision onEpoch(EpochResult result) {
                  return TrialRun.this.onEpoch(result, null);
                }

                @Override
                public EpochDecision onEpoch(EpochResult result, ArtifactRef checkpoint) {
                  return TrialRun.this.onEpoch(result, checkpoint);
                }

                @Override
                public boolean handBackAfter(int epoch) {
                  return handBackWanted(epoch) != null;
                }

                @Override
                public void onStep(int epoch, int step) {
                  stop.stepDone();
                }

                @Override
                public boolean stopRequested() {
                  return stop.get() != null;
                }

                @Override
                public void onModelReady(long trainable, long total, long gist, String device) {
                  onModelReady(trainable, total, gist, device, 0, null);
                }

                @Override
                public void onModelReady(
                    long trainable,
                    long total,
                    long gist,
                    String device,
                    int resumedFrom,
                    String refused) {
                  if (refused != null) {
                    LOG.warn(
                        "trial {}/{} attempt {}: checkpoint {} refused, training from epoch 1: {}",
                        a.study(),
                        a.trial(),
                        a.attempt(),
                        a.resumeFrom() == null ? "" : a.resumeFrom().key(),
                        refused);
                  } else if (resumedFrom > 0) {
                    LOG.info(
                        "trial {}/{} attempt {}: resumed from epoch {} of attempt {}, training from"
                            + " epoch {}",
                        a.study(),
                        a.trial(),
                        a.attempt(),
                        resumedFrom,
                        a.resumeFrom().attempt(),
                        resumedFrom + 1);
                  }
                  events.sendDurably(
                      new TrialStarted(
                          WireMessage.SCHEMA_VERSION,
                          a.study(),
                          a.trial(),
                          a.attempt(),
                          now(),
                          workerId,
                          trainable,
                          total,
                          gist,
                          device,
                          a.attemptToken(),
                          resumedFrom,
                          refused == null ? null : WorkerReportChecks.fitMessage(refused)));
                  started.complete(null);
                }
              },
              weights,
              resume);
    } catch (TrainingException e) {
      if (stoppedOnRequest()) {
        return "stopped";
      }
      LOG.warn(
          "trial {}/{} attempt {} failed ({}): {}",
          a.study(),
          a.trial(),
          a.attempt(),
          e.errorType(),
          e.getMessage());
      events.sendDurably(failed(e.errorType(), e.getMessage(), e.retriable()));
      return "failed";
    } catch (RuntimeException e) {
      if (stoppedOnRequest()) {
        return "stopped";
      }
      LOG.error("trial {}/{} attempt {} crashed", a.study(), a.trial(), a.attempt(), e);
      events.sendDurably(
          failed("internal", e.getClass().getSimpleName() + ": " + e.getMessage(), true));
      return "failed";
    }
    if (stoppedOnRequest()) {
      return "stopped";
    }
    if (handedBack != null) {
      events.sendDurably(handedBack);
      LOG.info(
          "trial {}/{} attempt {} handed back after epoch {} ({}), checkpoint {}",
          a.study(),
          a.trial(),
          a.attempt(),
          handedBack.epoch(),
          handedBack.reason(),
          handedBack.checkpoint().key());
      return "suspended";
    }
    String kind = outcome.stopped() ? TrialFinished.PRUNED : TrialFinished.COMPLETE;
    AttemptArtifacts.Stored stored =
        !kind.equals(TrialFinished.COMPLETE)
            ? AttemptArtifacts.Stored.NOTHING
            : noScratch != null
                ? new AttemptArtifacts.Stored(List.of(), WorkerReportChecks.fitMessage(noScratch))
                : artifacts.store(a, outcome);
    if (stoppedOnRequest()) {
      artifacts.delete(stored.refs()); // cancelled while storing: the attempt keeps nothing
      return "stopped";
    }
    events.sendDurably(
        new TrialFinished(
            WireMessage.SCHEMA_VERSION,
            a.study(),
            a.trial(),
            a.attempt(),
            now(),
            workerId,
            kind,
            outcome.bestValTop1(),
            outcome.bestEpoch(),
            outcome.lastValTop1(),
            outcome.epochsRun(),
            outcome.trainableParams(),
            outcome.totalParams(),
            a.attemptToken(),
            stored.refs(),
            stored.error()));
    LOG.info(
        "trial {}/{} attempt {} {}: best val_top1 {}, {} artifact(s) stored{}",
        a.study(),
        a.trial(),
        a.attempt(),
        kind,
        outcome.bestValTop1(),
        stored.refs().size(),
        stored.error() == null ? "" : " (" + stored.error() + ")");
    return kind;
  }

  /**
   * Why the attempt hands the trial back after {@code epoch} ({@link TrialSuspended#ON_REQUEST} on
   * a suspend, {@link TrialSuspended#AT_RUNG} at the assignment's pause epoch), or {@code null}:
   * never after the last epoch, which simply finishes the trial.
   */
  private String handBackWanted(int epoch) {
    if (epoch >= epochs) {
      return null;
    }
    if (stop.suspendRequested()) {
      return TrialSuspended.ON_REQUEST;
    }
    return epoch == assignment.pauseAfterEpoch() ? TrialSuspended.AT_RUNG : null;
  }

  private EpochDecision onEpoch(EpochResult r, ArtifactRef checkpoint) {
    TrialAssignment a = assignment;
    metrics.epochTrained(r.epochSeconds(), r.imagesPerSecond());
    boolean lastEpoch = r.epoch() >= epochs;
    LOG.info(
        "trial {}/{} attempt {} epoch {}/{}: val_top1 {}, train_loss {}, {} s",
        a.study(),
        a.trial(),
        a.attempt(),
        r.epoch(),
        epochs,
        String.format(Locale.ROOT, "%.4f", r.valTop1()),
        String.format(Locale.ROOT, "%.4f", r.trainLoss()),
        String.format(Locale.ROOT, "%.1f", r.epochSeconds()));
    events.send(
        new EpochMetrics(
            WireMessage.SCHEMA_VERSION,
            a.study(),
            a.trial(),
            a.attempt(),
            now(),
            workerId,
            r.epoch(),
            r.trainLoss(),
            r.ceCls(),
            r.ceGist(),
            r.klClsGist(),
            r.klGistCls(),
            r.valTop1(),
            r.lr(),
            r.epochSeconds(),
            r.imagesPerSecond(),
            a.attemptToken(),
            checkpoint));
    String handBack = handBackWanted(r.epoch());
    if (handBack != null) {
      if (checkpoint != null) {
        handedBack =
            new TrialSuspended(
                WireMessage.SCHEMA_VERSION,
                a.study(),
                a.trial(),
                a.attempt(),
                now(),
                workerId,
                r.epoch(),
                checkpoint,
                handBack,
                a.attemptToken());
        return EpochDecision.STOP;
      }
      LOG.warn(
          "trial {}/{} attempt {}: cannot hand the trial back after epoch {} ({}): its checkpoint"
              + " was not stored; training on",
          a.study(),
          a.trial(),
          a.attempt(),
          r.epoch(),
          handBack);
    }
    if (a.awaitDecisions() && !lastEpoch) {
      try {
        stop.awaitDecision(r.epoch(), DECISION_WAIT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return EpochDecision.STOP;
      }
    }
    return stop.get() == null ? EpochDecision.CONTINUE : EpochDecision.STOP;
  }

  /**
   * Whether a cancel or a shutdown stopped the attempt: then nothing more is reported (the
   * orchestrator recorded the outcome already, or will issue the attempt again).
   */
  private boolean stoppedOnRequest() {
    StopRequest.Kind stopped = stop.get();
    if (stopped != StopRequest.Kind.CANCEL && stopped != StopRequest.Kind.SHUTDOWN) {
      return false;
    }
    TrialAssignment a = assignment;
    LOG.info(
        "trial {}/{} attempt {} stopped ({}) after {} training step(s); the stop came after step"
            + " {}",
        a.study(),
        a.trial(),
        a.attempt(),
        stopped,
        stop.steps(),
        stop.stepsAtRequest());
    return true;
  }

  private TrialFailed failed(String type, String message, boolean retriable) {
    TrialAssignment a = assignment;
    return new TrialFailed(
        WireMessage.SCHEMA_VERSION,
        a.study(),
        a.trial(),
        a.attempt(),
        now(),
        workerId,
        type,
        WorkerReportChecks.fitMessage(message),
        retriable,
        a.attemptToken());
  }

  private long now() {
    return clock.millis();
  }
}
