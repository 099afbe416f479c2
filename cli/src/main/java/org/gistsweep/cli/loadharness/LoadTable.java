package org.gistsweep.cli.loadharness;

import java.util.List;
import java.util.Locale;

/** Renders a {@link LoadReport} as the table {@code ./gist-sweep bench-load} prints. */
public final class LoadTable {
  private static final double TARGET_EVENTS = 20_000;
  private static final long TARGET_P99 = 50;
  private static final int TARGET_WORKERS = 500;

  private LoadTable() {}

  /** The whole report: settings, the per-stage table, memory, CPU, targets, definitions, checks. */
  public static String render(LoadReport r) {
    StringBuilder b = new StringBuilder();
    LoadOptions o = r.options();
    List<StageResult> stages = r.stages();
    CpuUsage cpu = stages.stream().map(StageResult::cpu).reduce(CpuUsage::plus).orElseThrow();
    line(
        b,
        "GIST Sweep load harness (simulated workers with instant training: a harness, not the"
            + " product)");
    line(
        b,
        "  %d workers, %d trials in %d studies, %d epochs each, pruner %s, training %d ms per"
            + " epoch, heartbeat every %d s",
        o.workers(),
        o.trials(),
        o.stages(),
        o.epochs(),
        o.pruner(),
        o.epochTime().toMillis(),
        o.heartbeatInterval().toSeconds());
    line(
        b,
        "  broker %s; workers joined the share group in %.1f s; %d event producers shared by the"
            + " workers; fetch.max.wait.ms %s",
        r.broker(),
        r.joinSeconds(),
        o.producers(),
        o.fetchMaxWait() == null ? "default (500)" : Long.toString(o.fetchMaxWait().toMillis()));
    line(
        b,
        "  gist.trials partitions: %d; trials live at once (budget.parallel): %d",
        o.trialPartitions(),
        o.parallel());
    boolean external = o.bootstrap() != null;
    line(
        b,
        "  machine: %d cores, shared; other processes%s kept %s cores busy on average during the"
            + " stages",
        Runtime.getRuntime().availableProcessors(),
        external ? " (the external broker among them)" : "",
        cores(cpu.otherProcesses(), cpu.wallNanos()));
    CpuUsage idle = r.idleCpu();
    line(
        b,
        "  idle, every worker polling an empty queue (%.0f s): orchestrator %s, simulated workers"
            + " %s, broker and other JVM threads %s,",
        idle.wallNanos() / 1e9,
        cores(idle.orchestrator(), idle.wallNanos()),
        cores(idle.harness(), idle.wallNanos()),
        cores(idle.otherJava(), idle.wallNanos()));
    line(
        b,
        "    GC and VM %s, other processes %s cores",
        cores(idle.gcAndVm(), idle.wallNanos()),
        cores(idle.otherProcesses(), idle.wallNanos()));
    line(b, "");
    line(
        b,
        "%5s %7s %7s %7s %8s %9s %8s %7s %18s %9s %13s %9s",
        "stage",
        "trials",
        "held",
        "wall s",
        "events",
        "events/s",
        "peak/s",
        "max lag",
        "dispatch p50/p99/max",
        "burst p99",
        "steady p50/p99",
        "heap MB");
    line(
        b,
        "%5s %7s %7d %7s %8s %9s %8s %7s %18s %9s %13s %9.1f",
        "0",
        "-",
        0,
        "-",
        "-",
        "-",
        "-",
        "-",
        "-",
        "-",
        "-",
        r.baselineHeap() / 1e6);
    long events = 0;
    long wall = 0;
    for (StageResult s : stages) {
      events += s.eventsApplied();
      wall += s.wallMillis();
      line(
          b,
          "%5d %7d %7d %7.1f %8d %9.0f %8.0f %7d %18s %9s %13s %9.1f",
          s.stage(),
          s.trials(),
          s.cumulativeTrials(),
          s.wallMillis() / 1000.0,
          s.eventsApplied(),
          s.eventsPerSecond(),
          s.peakPerSecond(),
          s.maxLag(),
          s.dispatch().render(),
          s.burst().count() == 0 ? "-" : Long.toString(s.burst().p99()),
          s.steady().count() == 0 ? "-" : s.steady().p50() + " / " + s.steady().p99(),
          s.heapAfterGc() / 1e6);
    }
    double rate = wall == 0 ? 0 : events * 1000.0 / wall;
    long p99 = stages.stream().mapToLong(s -> s.dispatch().p99()).max().orElse(-1);
    line(b, "%5s %7d %7s %7.1f %8d %9.0f", "all", o.trials(), "", wall / 1000.0, events, rate);
    line(b, "");
    LinearFit fit = r.memoryFit();
    line(
        b,
        "Memory: heap after GC rises %.1f MB per 10,000 trials held (%.0f bytes per trial of %d"
            + " epochs), r^2 %s; %.0f MB at 0 trials",
        fit.slope() * 10_000 / 1e6,
        fit.slope(),
        o.epochs(),
        Double.isNaN(fit.r2()) ? "n/a (2 points)" : String.format(Locale.ROOT, "%.4f", fit.r2()),
        fit.intercept() / 1e6);
    line(
        b,
        "CPU during the stages, cores busy on average: orchestrator %s (%s us of orchestrator CPU"
            + " per applied event), simulated workers %s,",
        cores(cpu.orchestrator(), cpu.wallNanos()),
        events == 0 ? "-" : String.format(Locale.ROOT, "%.1f", cpu.orchestrator() / 1e3 / events),
        cores(cpu.harness(), cpu.wallNanos()));
    if (events > 0) {
      double consumer = cpu.eventsConsumer() / 1e3 / events;
      double owner = cpu.studyOwner() / 1e3 / events;
      line(
          b,
          "  of which the event-consumer thread %.1f us and the study owner (event loop) %.1f us"
              + " per event: single-thread ceilings of",
          consumer,
          owner);
      line(b, "  %.0f and %.0f events/s if each had a core to itself", 1e6 / consumer, 1e6 / owner);
    }
    line(
        b,
        "  broker and other JVM threads %s, GC and VM %s (GC time %d ms), other processes %s",
        cores(cpu.otherJava(), cpu.wallNanos()),
        cores(cpu.gcAndVm(), cpu.wallNanos()),
        stages.stream().mapToLong(StageResult::gcMillis).sum(),
        cores(cpu.otherProcesses(), cpu.wallNanos()));
    EventTally sent =
        stages.stream()
            .map(StageResult::eventsSent)
            .reduce(new EventTally(0, 0, 0, 0, 0), LoadTable::plus);
    LoadReport.FleetTotals f = r.fleet();
    long trialsDone = stages.stream().mapToLong(s -> s.eventsSent().started()).sum();
    if (trialsDone > 0) {
      line(
          b,
          "CPU per trial held (ms): orchestrator %.2f, simulated workers %.2f, broker and other JVM"
              + " threads %.2f, GC and VM %.2f",
          cpu.orchestrator() / 1e6 / trialsDone,
          cpu.harness() / 1e6 / trialsDone,
          cpu.otherJava() / 1e6 / trialsDone,
          cpu.gcAndVm() / 1e6 / trialsDone);
    }
    line(
        b,
        "Events sent: %d trial_started, %d epoch_metrics, %d heartbeat, %d trial_finished, %d"
            + " trial_failed",
        sent.started(),
        sent.epochs(),
        sent.heartbeats(),
        sent.finished(),
        sent.failed());
    line(
        b,
        "Workers: %d trials held, %d pruned on request, %d pruning decisions waited out (5 s), %d"
            + " controls routed, %d for attempts already done",
        f.held(),
        f.pruned(),
        f.decisionTimeouts(),
        r.controlsRouted(),
        r.controlsUnrouted());
    line(b, "");
    line(b, "Targets (a benchmark on this machine, not a test):");
    line(
        b,
        "  events/s >= 20,000 .............. %.0f over all stages, best stage %.0f, best 1 s %.0f:"
            + " %s",
        rate,
        stages.stream().mapToDouble(StageResult::eventsPerSecond).max().orElse(0),
        stages.stream().mapToDouble(StageResult::peakPerSecond).max().orElse(0),
        rate >= TARGET_EVENTS ? "met" : "NOT met");
    line(
        b,
        "  dispatch p99 <= 50 ms, 500 workers  worst stage p99 %d ms with %d workers: %s",
        p99,
        o.workers(),
        o.workers() < TARGET_WORKERS
            ? "not comparable (fewer workers)"
            : p99 <= TARGET_P99 ? "met" : "NOT met");
    line(
        b,
        "  memory linear in trials ......... %.1f MB per 10,000 trials, r^2 %s",
        fit.slope() * 10_000 / 1e6,
        Double.isNaN(fit.r2()) ? "n/a" : String.format(Locale.ROOT, "%.4f", fit.r2()));
    line(b, "");
    line(b, "Definitions:");
    line(
        b,
        "  events/s: worker events the orchestrator applied during a study (the offsets its"
            + " consumer group committed on gist.events;");
    line(
        b,
        "    a batch is committed only after the study owner applied it) / the study's wall time,"
            + " from its creation to its last");
    line(
        b,
        "    trial's finish on the orchestrator's clock. peak/s: best 1 s window of 100 ms offset"
            + " readings. max lag: events written,");
    line(b, "    not yet applied.");
    line(
        b,
        "  dispatch latency (ms, 1 ms resolution): from the assignment's sent_at, stamped by the"
            + " orchestrator when it records the");
    line(
        b,
        "    trial WAITING (after sampling, before publishing), to the return of the simulated"
            + " worker's share-consumer poll() that");
    line(
        b,
        "    acquired it; one wall clock (same JVM). burst: the first <parallel> trials of a study,"
            + " created together at submit;");
    line(b, "    steady: trials created as others finish.");
    line(
        b,
        "  held: trials the orchestrator holds (this and earlier studies). heap: used heap after 3"
            + " x System.gc() once a study is done; the broker (when in-JVM) and the workers are"
            + " included but");
    line(
        b,
        "    do not grow with trials; the orchestrator keeps every study, so the slope is its"
            + " memory per trial.");
    List<String> problems = r.problems();
    line(
        b,
        "Checks: %s",
        problems.isEmpty()
            ? "every trial finished; events sent = events applied; one dispatch sample per"
                + " trial_started"
            : "");
    problems.forEach(p -> line(b, "  PROBLEM: %s", p));
    return b.toString();
  }

  private static EventTally plus(EventTally a, EventTally x) {
    return new EventTally(
        a.started() + x.started(),
        a.epochs() + x.epochs(),
        a.heartbeats() + x.heartbeats(),
        a.finished() + x.finished(),
        a.failed() + x.failed());
  }

  private static String cores(long cpuNanos, long wallNanos) {
    return cpuNanos < 0 || wallNanos <= 0
        ? "n/a"
        : String.format(Locale.ROOT, "%.2f", (double) cpuNanos / wallNanos);
  }

  private static void line(StringBuilder b, String format, Object... args) {
    b.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
