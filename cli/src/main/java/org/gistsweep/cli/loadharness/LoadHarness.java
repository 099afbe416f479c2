package org.gistsweep.cli.loadharness;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gistsweep.cli.broker.BrokerOptions;
import org.gistsweep.cli.broker.EmbeddedKafkaBroker;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.orchestrator.Orchestrator;
import org.gistsweep.orchestrator.OrchestratorOptions;
import org.gistsweep.orchestrator.study.StudySnapshot;

/**
 * Runs one load measurement: a broker (in this JVM unless {@link LoadOptions#bootstrap()} names
 * one), the real {@link Orchestrator}, a {@link WorkerFleet} of simulated workers, then {@link
 * LoadOptions#stages()} studies one after another, each to completion. Per stage it records the
 * orchestrator's applied events, dispatch latencies, CPU by owner, and heap after GC once the study
 * is done (so the collections never pause a measured stage).
 */
public final class LoadHarness {
  /** Broker setting: members one share group admits (default 200). */
  static final String SHARE_GROUP_MAX_SIZE = "group.share.max.size";

  /** Broker setting: how often share-group members heartbeat (the embedded broker says 500 ms). */
  static final String SHARE_HEARTBEAT = "group.share.heartbeat.interval.ms";

  private static final Duration JOIN_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

  /** How long the idle fleet's CPU is measured before the first study. */
  private static final Duration IDLE_WINDOW = Duration.ofSeconds(5);

  private final LoadOptions options;
  private final PrintStream progress;

  private LoadHarness(LoadOptions options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  /**
   * Runs the measurement and returns what it measured; progress lines go to {@code progress}.
   *
   * @throws IllegalStateException when a study does not finish within {@link
   *     LoadOptions#stageTimeout()} or the workers cannot join
   */
  public static LoadReport run(LoadOptions options, PrintStream progress) {
    return new LoadHarness(options, progress).run();
  }

  private LoadReport run() {
    EmbeddedKafkaBroker broker = null;
    String bootstrap = options.bootstrap();
    String brokerKind = "external " + bootstrap;
    if (bootstrap == null) {
      int maxSize = Math.max(200, Math.min(1000, options.workers()));
      Map<String, String> overrides =
          new TreeMap<>(Map.of(SHARE_GROUP_MAX_SIZE, Integer.toString(maxSize)));
      if (options.inJvmShareHeartbeat() != null) {
        overrides.put(SHARE_HEARTBEAT, Long.toString(options.inJvmShareHeartbeat().toMillis()));
      }
      broker = EmbeddedKafkaBroker.start(new BrokerOptions(0, null, overrides));
      bootstrap = broker.bootstrapServers();
      brokerKind = "in-JVM " + bootstrap + " " + overrides;
    }
    if (options.trialPartitions() > 1 && !TrialTopic.create(bootstrap, options.trialPartitions())) {
      progress.printf(
          "%s exists already; --trial-partitions %d not applied%n",
          Topics.TRIALS, options.trialPartitions());
    }
    try (Orchestrator orchestrator =
            Orchestrator.start(
                new OrchestratorOptions(bootstrap, "127.0.0.1", 0, Clock.systemUTC(), Map.of()));
        IngestionMeter meter = new IngestionMeter(bootstrap, Duration.ofMillis(100))) {
      progress.printf(
          "Broker %s; orchestrator at %s; starting %d simulated workers ...%n",
          brokerKind, orchestrator.url(), options.workers());
      String prefix =
          "load-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + "-";
      try (WorkerFleet fleet = WorkerFleet.start(options, bootstrap, prefix)) {
        long joinStart = System.nanoTime();
        fleet.awaitJoined(JOIN_TIMEOUT);
        double joinSeconds = (System.nanoTime() - joinStart) / 1e9;
        progress.printf(
            "%d workers joined share group in %.1f s%n", options.workers(), joinSeconds);
        meter.start();
        CpuMeter cpu = new CpuMeter();
        sleep(IDLE_WINDOW);
        CpuUsage idle = cpu.read();
        long baseline = HeapProbe.usedAfterGc();
        List<StageResult> stages = new ArrayList<>();
        long cumulative = 0;
        for (int i = 0; i < options.stages(); i++) {
          cumulative += options.trialsOf(i);
          stages.add(stage(i, prefix, cumulative, orchestrator, fleet, meter, cpu));
        }
        FleetCounters c = fleet.counters();
        LoadReport.FleetTotals totals =
            new LoadReport.FleetTotals(
                c.held.get(),
                c.foreign.get(),
                c.rejected.get(),
                c.decisionTimeouts.get(),
                c.pruned.get(),
                c.cancelled.get(),
                c.handedBack.get(),
                c.crashed.get());
        return new LoadReport(
            options,
            brokerKind,
            joinSeconds,
            idle,
            baseline,
            stages,
            totals,
            fleet.controls().routed(),
            fleet.controls().unrouted(),
            fleet.events().failed());
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  private StageResult stage(
      int index,
      String prefix,
      long cumulative,
      Orchestrator orchestrator,
      WorkerFleet fleet,
      IngestionMeter meter,
      CpuMeter cpu) {
    int trials = options.trialsOf(index);
    EventTally sentBefore = fleet.events().acked().snapshot();
    IngestionMeter.Sample before = meter.now();
    long gcBefore = gcMillis();
    cpu.read();
    String id =
        orchestrator.submit(
            LoadStudySpec.of(
                prefix + "s" + (index + 1),
                trials,
                options.parallel(),
                options.epochs(),
                options.pruner(),
                1000L + index));
    StudySnapshot done = await(orchestrator, id);
    fleet.events().flush();
    EventTally sent = fleet.events().acked().snapshot().minus(sentBefore);
    IngestionMeter.Sample after =
        meter.awaitApplied(before.applied() + sent.total(), DRAIN_TIMEOUT);
    CpuUsage used = cpu.read();
    long gc = gcMillis() - gcBefore;
    DispatchLatencies.Samples latencies = fleet.latencies().drain();
    long heap = HeapProbe.usedAfterGc();
    long wall = Duration.between(done.createdAt(), done.finishedAt()).toMillis();
    List<IngestionMeter.Sample> window =
        meter.samples().stream()
            .filter(s -> s.nanos() >= before.nanos() && s.nanos() <= after.nanos())
            .toList();
    StageResult r =
        new StageResult(
            index + 1,
            id,
            trials,
            cumulative,
            wall,
            after.applied() - before.applied(),
            sent,
            peakPerSecond(window),
            window.stream().mapToLong(IngestionMeter.Sample::lag).max().orElse(0),
            LatencySummary.of(latencies.all()),
            LatencySummary.of(latencies.burst()),
            LatencySummary.of(latencies.steady()),
            done.counts(),
            done.ignoredMessages(),
            heap,
            gc,
            used);
    progress.printf(
        Locale.ROOT,
        "stage %d/%d: %d trials in %.1f s, %.0f events/s applied, dispatch p99 %d ms, heap after GC"
            + " %.1f MB%n",
        r.stage(),
        options.stages(),
        trials,
        wall / 1000.0,
        r.eventsPerSecond(),
        r.dispatch().p99(),
        heap / 1e6);
    return r;
  }

  private StudySnapshot await(Orchestrator orchestrator, String id) {
    try {
      return orchestrator
          .completion(id)
          .get(options.stageTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      StudySnapshot now = orchestrator.snapshot(id).orElseThrow();
      throw new IllegalStateException(
          "study "
              + id
              + " did not finish within "
              + options.stageTimeout().toSeconds()
              + " s; trials by state: "
              + now.counts(),
          e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("study " + id + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for study " + id, e);
    }
  }

  /** The highest applied rate over any window of at least 1 s (the whole span when shorter). */
  static double peakPerSecond(List<IngestionMeter.Sample> samples) {
    if (samples.size() < 2) {
      return 0;
    }
    IngestionMeter.Sample first = samples.get(0);
    IngestionMeter.Sample last = samples.get(samples.size() - 1);
    long second = 1_000_000_000L;
    if (last.nanos() - first.nanos() < second) {
      return rate(first, last);
    }
    double peak = 0;
    int from = 0;
    for (int i = 1; i < samples.size(); i++) {
      while (samples.get(i).nanos() - samples.get(from + 1).nanos() >= second) {
        from++;
      }
      if (samples.get(i).nanos() - samples.get(from).nanos() >= second) {
        peak = Math.max(peak, rate(samples.get(from), samples.get(i)));
      }
    }
    return peak;
  }

  private static double rate(IngestionMeter.Sample from, IngestionMeter.Sample to) {
    long dt = to.nanos() - from.nanos();
    return dt <= 0 ? 0 : (to.applied() - from.applied()) * 1e9 / dt;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }
}
