package org.gistsweep.worker.runtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gistsweep.common.wire.Heartbeat;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.common.wire.TrialFailed;
import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.common.wire.WireFormatException;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.worker.train.TrialTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: takes one trial at a time from {@link Topics#TRIALS} through the share group {@link
 * Topics#WORKER_GROUP}, trains it on a separate thread, and reports events.
 *
 * <p>The poll thread owns the share consumer. Until the attempt's {@code trial_started} is durable
 * on {@link Topics#EVENTS} it renews the record's acquisition lock ({@code RENEW} + {@code
 * commitSync}) so no other worker gets it; then it acknowledges the record ({@code ACCEPT}) and
 * from there the orchestrator's lease, kept alive by heartbeats, guards the attempt: if the worker
 * dies, the lease expires and the orchestrator issues the trial again. A worker that dies before
 * that point leaves the record to the broker, which frees it for another worker. On {@link
 * #close()} a record not yet accepted is released ({@code RELEASE}) at once so another worker can
 * take it without waiting for the lock.
 */
public final class WorkerNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerNode.class);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  private final WorkerOptions options;
  private final TrialTrainer trainer;
  private final WorkerMetrics metrics;
  private final EventPublisher events;
  private final ControlListener control;
  private final KafkaShareConsumer<String, byte[]> consumer;
  private final ExecutorService trainingThread;
  private final ScheduledExecutorService heartbeats;
  private final Thread pollThread;
  private final Thread controlThread;
  private final AtomicReference<Held> held = new AtomicReference<>();
  private final AttemptArtifacts artifacts;
  private volatile boolean running = true;

  private record Held(TrialAssignment assignment, StopRequest stop, AtomicBoolean accepted) {
    Held(TrialAssignment assignment, StopRequest stop) {
      this(assignment, stop, new AtomicBoolean());
    }
  }

  private WorkerNode(WorkerOptions options, TrialTrainer trainer, WorkerMetrics metrics) {
    this.options = options;
    this.trainer = trainer;
    this.metrics = metrics;
    this.artifacts =
        options.artifacts() == null
            ? AttemptArtifacts.NONE
            : new AttemptArtifacts(options.artifacts(), options.scratchDir());
    artifacts.deleteAbandonedScratch();
    this.events = new EventPublisher(options.bootstrap(), options.kafkaOverrides());
    this.control =
        new ControlListener(options.bootstrap(), options.kafkaOverrides(), this::onControl);
    this.consumer = shareConsumer(options);
    String id = options.workerId();
    this.trainingThread =
        Executors.newSingleThreadExecutor(r -> daemon(r, "gist-worker-" + id + "-train"));
    this.heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "gist-worker-" + id + "-heartbeat"));
    this.pollThread = daemon(this::pollLoop, "gist-worker-" + id + "-poll");
    this.controlThread = daemon(control, "gist-worker-" + id + "-control");
  }

  /** Starts a worker; it runs until {@link #close()}. */
  public static WorkerNode start(WorkerOptions options, TrialTrainer trainer) {
    return start(options, trainer, WorkerMetrics.NONE);
  }

  /** Starts a worker that reports to {@code metrics}; it runs until {@link #close()}. */
  public static WorkerNode start(
      WorkerOptions options, TrialTrainer trainer, WorkerMetrics metrics) {
    WorkerNode node = new WorkerNode(options, trainer, metrics);
    node.controlThread.start();
    node.pollThread.start();
    LOG.info("worker {} polling {} on {}", options.workerId(), Topics.TRIALS, options.bootstrap());
    return node;
  }

  /** This worker's id. */
  public String workerId() {
    return options.workerId();
  }

  private static KafkaShareConsumer<String, byte[]> shareConsumer(WorkerOptions o) {
    return new KafkaShareConsumer<>(
        KafkaConfigs.shareConsumer(o), new StringDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Polls until {@link #close()}. A failed poll or acknowledgement (a broker restart, a timeout)
   * never ends the loop: it is logged and the loop goes on after a pause, so a worker outlives its
   * broker's restarts.
   */
  private void pollLoop() {
    try {
      consumer.subscribe(List.of(Topics.TRIALS));
      while (running) {
        try {
          var records = consumer.poll(Duration.ofMillis(500));
          metrics.consumerPolled(true);
          for (ConsumerRecord<String, byte[]> record : records) {
            handle(record);
          }
        } catch (WakeupException e) {
          if (running) {
            LOG.warn("worker {} poll loop woken unexpectedly; continuing", options.workerId());
          }
        } catch (KafkaException | IllegalStateException e) {
          metrics.consumerPolled(false);
          LOG.warn(
              "worker {} poll failed ({}); retrying in {} ms",
              options.workerId(),
              e.toString(),
              RETRY_PAUSE.toMillis());
          pause();
        }
      }
    } catch (RuntimeException e) {
      LOG.error("worker {} poll loop stopped: {}", options.workerId(), e.getMessage(), e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void pause() {
    try {
      Thread.sleep(RETRY_PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    WireMessage message;
    try {
      message = WireCodec.decode(record.value());
    } catch (WireFormatException e) {
      reject(record, e.getMessage());
      return;
    }
    if (!(message instanceof TrialAssignment assignment)) {
      reject(
          record,
          "expected a trial_assignment on "
              + Topics.TRIALS
              + ", got "
              + message.getClass().getSimpleName());
      return;
    }
    StopRequest stop = new StopRequest();
    Held h = new Held(assignment, stop);
    held.set(h);
    ScheduledFuture<?> beat =
        heartbeats.scheduleAtFixedRate(
            () -> heartbeat(assignment),
            0,
            options.heartbeatInterval().toMillis(),
            TimeUnit.MILLISECONDS);
    TrialRun run =
        new TrialRun(
            assignment,
            options.workerId(),
            trainer,
            sink(),
            options.clock(),
            stop,
            metrics,
            artifacts);
    Future<?> training = trainingThread.submit(run::run);
    RecordLock lock = new RecordLock(consumer, record, options.workerId());
    try {
      if (holdUntil(lock, run.started())) {
        lock.settle(AcknowledgeType.ACCEPT);
        h.accepted().set(true);
        await(training, assignment);
      }
    } finally {
      lock.settle(AcknowledgeType.RELEASE);
      beat.cancel(false);
      held.set(null);
    }
  }

  /**
   * Keeps the record locked (renewing when needed) until the orchestrator durably knows this worker
   * holds the attempt; from then on the orchestrator's view of the attempt, not the broker's lock,
   * guards the trial. Returns false when the worker is stopping first, so the record is released
   * for another worker.
   */
  private boolean holdUntil(RecordLock lock, CompletableFuture<Void> started) {
    long renewEvery = options.leaseRenewInterval().toNanos();
    long lastRenew = System.nanoTime();
    boolean renewing = true;
    while (running) {
      if (await(started, 200)) {
        return true;
      }
      if (renewing && System.nanoTime() - lastRenew >= renewEvery) {
        renewing = lock.renew();
        lastRenew = System.nanoTime();
      }
    }
    return false;
  }

  private void await(Future<?> training, TrialAssignment a) {
    try (AttemptMdc mdc =
        AttemptMdc.put(a, options.workerId())) { // a crash's line belongs to the attempt's log
      while (running && !await(training, 200)) {
        // close() ends the wait; the training thread notices the stop request after its current
        // step
      }
    }
  }

  /** Waits up to {@code millis}; true when the future is done (normally or not). */
  private boolean await(Future<?> future, long millis) {
    try {
      future.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      LOG.error("worker {} training task crashed", options.workerId(), e.getCause());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /**
   * Refuses a record of {@link Topics#TRIALS} that is no assignment: logged and rejected, so the
   * broker archives it and no worker takes it again. Workers write only {@link Topics#EVENTS} (see
   * docs/security/kafka-acls.md); only the orchestrator writes trials, so such a record is its bug.
   */
  private void reject(ConsumerRecord<String, byte[]> record, String reason) {
    LOG.warn(
        "worker {}: rejected record {}-{}@{} of {}: {}",
        options.workerId(),
        record.topic(),
        record.partition(),
        record.offset(),
        Topics.TRIALS,
        reason);
    new RecordLock(consumer, record, options.workerId()).settle(AcknowledgeType.REJECT);
  }

  /** Tells the orchestrator at once that this attempt will not finish, so it is issued again. */
  private void handBack(TrialAssignment a) {
    try (AttemptMdc mdc = AttemptMdc.put(a, options.workerId())) {
      try {
        events.sendDurably(
            new TrialFailed(
                WireMessage.SCHEMA_VERSION,
                a.study(),
                a.trial(),
                a.attempt(),
                options.clock().millis(),
                options.workerId(),
                "worker_stopped",
                "worker " + options.workerId() + " stopped before the trial finished",
                true,
                a.attemptToken()));
        LOG.info(
            "worker {} handed trial {}/{} attempt {} back",
            options.workerId(),
            a.study(),
            a.trial(),
            a.attempt());
      } catch (WorkerException e) {
        LOG.warn(
            "worker {} could not hand trial {}/{} back: {}",
            options.workerId(),
            a.study(),
            a.trial(),
            e.getMessage());
      }
    }
  }

  private void heartbeat(TrialAssignment a) {
    events.send(
        new Heartbeat(
            WireMessage.SCHEMA_VERSION,
            a.study(),
            a.trial(),
            a.attempt(),
            options.clock().millis(),
            options.workerId(),
            a.attemptToken()));
  }

  private void onControl(TrialControl c) {
    Held h = held.get();
    if (h == null) {
      return;
    }
    TrialAssignment a = h.assignment();
    if (a.study().equals(c.study()) && a.trial() == c.trial() && a.attempt() == c.attempt()) {
      if (!TrialControl.CONTINUE.equals(c.action())) {
        try (AttemptMdc mdc = AttemptMdc.put(a, options.workerId())) {
          LOG.info(
              "worker {}: {} requested for trial {}/{} attempt {}: {}",
              options.workerId(),
              c.action(),
              c.study(),
              c.trial(),
              c.attempt(),
              c.reason());
        }
      }
      if (TrialControl.CONTINUE.equals(c.action())) {
        h.stop().decided(c.step());
      } else if (TrialControl.SUSPEND.equals(c.action())) {
        h.stop().suspend();
      } else {
        h.stop()
            .request(
                TrialControl.PRUNE.equals(c.action())
                    ? StopRequest.Kind.PRUNE
                    : StopRequest.Kind.CANCEL);
      }
    }
  }

  private EventSink sink() {
    return new EventSink() {
      @Override
      public void send(WireMessage message) {
        events.send(message);
      }

      @Override
      public void sendDurably(WireMessage message) {
        events.sendDurably(message);
      }
    };
  }

  /** Releases the held trial (if any) for another worker and stops all threads. Idempotent. */
  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    Held h = held.get();
    if (h != null) {
      h.stop().request(StopRequest.Kind.SHUTDOWN);
      if (h.accepted().get()) {
        handBack(h.assignment());
      }
    }
    control.close();
    try {
      pollThread.join(Duration.ofSeconds(15).toMillis());
      controlThread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    heartbeats.shutdownNow();
    trainingThread.shutdownNow();
    events.close();
    LOG.info("worker {} stopped", options.workerId());
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
