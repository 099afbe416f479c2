package org.gistsweep.cli.loadharness;

import java.time.Duration;
import java.util.List;

/**
 * Settings of one load run.
 *
 * @param workers simulated workers (one share consumer each)
 * @param trials trials in total, split over {@code stages} studies run one after another
 * @param epochs epochs per trial (one {@code epoch_metrics} event each)
 * @param stages studies run in sequence; heap after GC is measured after each, so the memory row
 *     has {@code stages + 1} points (the first with no trial)
 * @param bootstrap an external broker, or {@code null} to start one in this JVM
 * @param pruner {@code none}, {@code median} or {@code asha}: with a pruner the orchestrator
 *     answers every epoch with a {@code trial_control} and the workers wait for it
 * @param epochTime synthetic training time per epoch (zero: none)
 * @param heartbeatInterval how often a held trial's worker sends a heartbeat (one is sent at once)
 * @param producers Kafka producers the workers share for their events
 * @param stageTimeout how long one study may take before the run fails
 * @param fetchMaxWait how long a worker's share fetch waits at the broker for a trial ({@code
 *     fetch.max.wait.ms}); {@code null} keeps the client default (500 ms), as {@code WorkerNode}
 * @param shareHeartbeat the in-JVM broker's {@code group.share.heartbeat.interval.ms} (ignored for
 *     an external broker); {@code null}: the embedded broker's 500 ms up to {@value
 *     #FAST_HEARTBEAT_WORKERS} workers, Kafka's default 5 s above (at 200 workers the 500 ms
 *     heartbeats of the join starved the in-JVM controller on 2 cores and the group never formed)
 * @param trialPartitions partitions of {@code gist.trials} when the harness creates it (1: as the
 *     orchestrator creates it)
 * @param parallel the studies' {@code budget.parallel}: trials live at once; 0 means {@code
 *     workers} (every worker busy). Fewer than the workers measures hand-out to a mostly idle
 *     fleet.
 */
public record LoadOptions(
    int workers,
    int trials,
    int epochs,
    int stages,
    String bootstrap,
    String pruner,
    Duration epochTime,
    Duration heartbeatInterval,
    int producers,
    Duration stageTimeout,
    Duration fetchMaxWait,
    Duration shareHeartbeat,
    int trialPartitions,
    int parallel) {

  /**
   * Up to this many workers the in-JVM broker keeps the embedded broker's 500 ms share heartbeat.
   */
  public static final int FAST_HEARTBEAT_WORKERS = 100;

  /** The pruners a run may use. */
  public static final List<String> PRUNERS = List.of("none", "median", "asha");

  /** Rejects values the harness cannot run. */
  public LoadOptions {
    if (workers < 1 || workers > 1000) {
      throw new IllegalArgumentException(
          "workers must be 1..1000 (a share group holds at most 1000 members), got " + workers);
    }
    if (stages < 1 || trials < stages) {
      throw new IllegalArgumentException(
          "need stages >= 1 and trials >= stages, got "
              + trials
              + " trials in "
              + stages
              + " stages");
    }
    if (epochs < 1 || producers < 1 || trialPartitions < 1) {
      throw new IllegalArgumentException("epochs, producers and trial partitions must be >= 1");
    }
    if (!PRUNERS.contains(pruner)) {
      throw new IllegalArgumentException("pruner must be one of " + PRUNERS + ", got " + pruner);
    }
    if (epochTime.isNegative() || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("epoch time must be >= 0 and the heartbeat interval > 0");
    }
    parallel = parallel == 0 ? workers : parallel;
    if (parallel < 1) {
      throw new IllegalArgumentException(
          "parallel must be >= 1 (0: one per worker), got " + parallel);
    }
    bootstrap = bootstrap == null || bootstrap.isBlank() ? null : bootstrap.trim();
    if (fetchMaxWait != null && (fetchMaxWait.isNegative() || fetchMaxWait.toMillis() > 60_000)) {
      throw new IllegalArgumentException(
          "fetch wait must be 0..60000 ms, got " + fetchMaxWait.toMillis());
    }
    if (shareHeartbeat != null
        && (shareHeartbeat.toMillis() < 500 || shareHeartbeat.toMillis() > 15_000)) {
      throw new IllegalArgumentException(
          "share heartbeat must be 500..15000 ms, got " + shareHeartbeat.toMillis());
    }
  }

  /**
   * The full run: 500 workers, 20,000 trials in 4 studies, 3 epochs, no pruner, no training time.
   */
  public static LoadOptions defaults() {
    return new LoadOptions(
        500,
        20_000,
        3,
        4,
        null,
        "none",
        Duration.ZERO,
        Duration.ofSeconds(5),
        4,
        Duration.ofMinutes(10),
        null,
        null,
        1,
        0);
  }

  /** A short run: 50 workers, 2,000 trials in 2 studies. */
  public static LoadOptions quick() {
    return new LoadOptions(
        50,
        2_000,
        3,
        2,
        null,
        "none",
        Duration.ZERO,
        Duration.ofSeconds(5),
        2,
        Duration.ofMinutes(5),
        null,
        null,
        1,
        0);
  }

  /**
   * The share heartbeat to give the in-JVM broker, or {@code null} for the embedded broker's own.
   */
  public Duration inJvmShareHeartbeat() {
    return shareHeartbeat != null
        ? shareHeartbeat
        : workers > FAST_HEARTBEAT_WORKERS ? Duration.ofSeconds(5) : null;
  }

  /** Trials of study {@code stage} (from 0): an equal share, the last one takes the remainder. */
  public int trialsOf(int stage) {
    int share = trials / stages;
    return stage == stages - 1 ? trials - share * (stages - 1) : share;
  }
}
