package org.gistsweep.cli.loadharness;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gistsweep.common.wire.Heartbeat;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.common.wire.TrialFailed;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.common.wire.WireFormatException;
import org.gistsweep.common.wire.WireMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated worker: a thread that owns a share consumer of {@code gist.trials} in the group
 * {@code gist-workers}, configured as {@code WorkerNode}'s (explicit acknowledgement, one record
 * per poll). Per assignment: heartbeat, durable {@code trial_started}, ACCEPT + commit, one {@code
 * epoch_metrics} per epoch (waiting for the pruner's decision when asked, stopping on prune or
 * cancel), heartbeats while it runs longer than the interval, durable {@code trial_finished}; every
 * report echoes the assignment's attempt token, as the real worker's do. Training takes {@code
 * epochTime} per epoch (usually zero) on the same thread.
 */
final class SimulatedWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedWorker.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration COMMIT = Duration.ofSeconds(30);

  /** The real worker's wait for a pruning decision ({@code TrialRun.DECISION_WAIT}). */
  private static final Duration DECISION_WAIT = Duration.ofSeconds(5);

  private final int index;
  private final String id;
  private final Context ctx;
  private final KafkaShareConsumer<String, byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * What every worker of a fleet shares.
   *
   * @param studyPrefix assignments of studies without this prefix are someone else's
   * @param fetchMaxWait the share consumers' {@code fetch.max.wait.ms}, or {@code null} for the
   *     default
   */
  record Context(
      String bootstrap,
      String studyPrefix,
      Duration epochTime,
      Duration heartbeatInterval,
      Duration fetchMaxWait,
      EventSender events,
      ControlRouter controls,
      DispatchLatencies latencies,
      FleetCounters counters) {}

  SimulatedWorker(int index, Context ctx) {
    this.index = index;
    this.id = "gist-load-worker-" + index;
    this.ctx = ctx;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.bootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, Topics.WORKER_GROUP);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, id);
    p.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
    p.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
    if (ctx.fetchMaxWait() != null) {
      p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Long.toString(ctx.fetchMaxWait().toMillis()));
    }
    this.consumer =
        new KafkaShareConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::pollLoop, id);
    this.thread.setDaemon(true);
  }

  /** Starts polling. */
  void start() {
    thread.start();
  }

  /** The worker id reported in its events, also its share consumer's client id. */
  String id() {
    return id;
  }

  private void pollLoop() {
    try {
      consumer.subscribe(List.of(Topics.TRIALS));
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          long heldAt = System.currentTimeMillis();
          handle(r, heldAt);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        ctx.counters().crashed.incrementAndGet();
        LOG.error("worker {} woken while running", id, e);
      }
    } catch (RuntimeException e) {
      ctx.counters().crashed.incrementAndGet();
      LOG.error("worker {} stopped: {}", id, e.toString(), e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void handle(ConsumerRecord<String, byte[]> r, long heldAt) {
    WireMessage m;
    try {
      m = WireCodec.decode(r.value());
    } catch (WireFormatException e) {
      acknowledge(r, AcknowledgeType.REJECT);
      ctx.counters().rejected.incrementAndGet();
      return;
    }
    if (!(m instanceof TrialAssignment a)) {
      acknowledge(r, AcknowledgeType.REJECT);
      ctx.counters().rejected.incrementAndGet();
      return;
    }
    if (!a.study().startsWith(ctx.studyPrefix())) {
      acknowledge(r, AcknowledgeType.ACCEPT);
      ctx.counters().foreign.incrementAndGet();
      return;
    }
    ctx.counters().held.incrementAndGet();
    ctx.latencies().record(a.trial(), a.attempt(), heldAt - a.sentAt());
    AttemptControls controls = ctx.controls().hold(a);
    try {
      ctx.events().send(index, heartbeat(a));
      ctx.events()
          .sendDurably(
              index,
              new TrialStarted(
                  WireMessage.SCHEMA_VERSION,
                  a.study(),
                  a.trial(),
                  a.attempt(),
                  now(),
                  id,
                  SyntheticTraining.TRAINABLE_PARAMS,
                  SyntheticTraining.TOTAL_PARAMS,
                  0,
                  "simulated",
                  a.attemptToken()));
      if (!running) {
        acknowledge(r, AcknowledgeType.RELEASE);
        return;
      }
      acknowledge(r, AcknowledgeType.ACCEPT);
      train(a, controls);
    } finally {
      ctx.controls().release(a);
    }
  }

  /** Trains instantly (or {@code epochTime} per epoch) and reports, as {@code TrialRun} does. */
  private void train(TrialAssignment a, AttemptControls controls) {
    int epochs = a.config().get("epochs") instanceof Number n ? n.intValue() : 1;
    long beatEvery = ctx.heartbeatInterval().toMillis();
    long nextBeat = System.currentTimeMillis() + beatEvery;
    double best = Double.NaN;
    int bestEpoch = 0;
    double last = Double.NaN;
    int run = 0;
    for (int epoch = 1; epoch <= epochs; epoch++) {
      sleep(ctx.epochTime());
      if (!running) {
        handBack(a);
        return;
      }
      if (System.currentTimeMillis() >= nextBeat) {
        ctx.events().send(index, heartbeat(a));
        nextBeat += beatEvery;
      }
      ctx.events().send(index, SyntheticTraining.epoch(a, id, epoch, now()));
      run = epoch;
      last = SyntheticTraining.valTop1(a, epoch);
      if (Double.isNaN(best) || last > best) {
        best = last;
        bestEpoch = epoch;
      }
      if (a.awaitDecisions() && epoch < epochs && !awaitDecision(controls, epoch)) {
        ctx.counters().decisionTimeouts.incrementAndGet();
      }
      String stop = controls.stop();
      if (TrialControl.CANCEL.equals(stop)) {
        ctx.counters().cancelled.incrementAndGet();
        return;
      }
      if (TrialControl.PRUNE.equals(stop)) {
        ctx.counters().pruned.incrementAndGet();
        break;
      }
    }
    String outcome =
        TrialControl.PRUNE.equals(controls.stop()) ? TrialFinished.PRUNED : TrialFinished.COMPLETE;
    ctx.events()
        .sendDurably(
            index,
            new TrialFinished(
                WireMessage.SCHEMA_VERSION,
                a.study(),
                a.trial(),
                a.attempt(),
                now(),
                id,
                outcome,
                best,
                bestEpoch,
                last,
                run,
                SyntheticTraining.TRAINABLE_PARAMS,
                SyntheticTraining.TOTAL_PARAMS,
                a.attemptToken()));
  }

  private boolean awaitDecision(AttemptControls controls, int epoch) {
    try {
      return controls.awaitDecision(epoch, DECISION_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Tells the orchestrator at once that this attempt will not finish, as a stopping worker does.
   */
  private void handBack(TrialAssignment a) {
    ctx.counters().handedBack.incrementAndGet();
    ctx.events()
        .sendDurably(
            index,
            new TrialFailed(
                WireMessage.SCHEMA_VERSION,
                a.study(),
                a.trial(),
                a.attempt(),
                now(),
                id,
                "worker_stopped",
                "worker " + id + " stopped before the trial finished",
                true,
                a.attemptToken()));
  }

  private void acknowledge(ConsumerRecord<String, byte[]> r, AcknowledgeType type) {
    consumer.acknowledge(r, type);
    consumer.commitSync(COMMIT);
  }

  private Heartbeat heartbeat(TrialAssignment a) {
    return new Heartbeat(
        WireMessage.SCHEMA_VERSION, a.study(), a.trial(), a.attempt(), now(), id, a.attemptToken());
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  private static void sleep(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops polling (a held attempt is handed back at its next epoch) and waits for the thread. */
  @Override
  public void close() {
    running = false;
    if (thread.getState() == Thread.State.NEW) {
      consumer.close(Duration.ofSeconds(5));
      return;
    }
    consumer.wakeup();
  }

  /** Waits for the thread after {@link #close()}. */
  void join(Duration max) throws InterruptedException {
    thread.join(max.toMillis());
  }
}
