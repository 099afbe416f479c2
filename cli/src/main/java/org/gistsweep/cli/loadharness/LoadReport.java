package org.gistsweep.cli.loadharness;

import java.util.ArrayList;
import java.util.List;
import org.gistsweep.common.trial.TrialState;

/**
 * Everything a load run measured, and the consistency checks over it.
 *
 * @param options the run's settings
 * @param broker {@code in-JVM} or {@code external}, with its address
 * @param joinSeconds how long the simulated workers took to join the share group
 * @param idleCpu CPU over a few seconds with every worker polling and no trial, before the first
 *     study
 * @param baselineHeap heap after GC with everything started and no trial yet
 * @param stages one result per study, in order
 * @param fleet what the workers did (summed over the run)
 * @param controlsRouted decisions delivered to the worker holding the attempt
 * @param controlsUnrouted decisions for attempts no longer held (the answer to a last epoch)
 * @param eventsFailed events the broker refused to the workers
 */
public record LoadReport(
    LoadOptions options,
    String broker,
    double joinSeconds,
    CpuUsage idleCpu,
    long baselineHeap,
    List<StageResult> stages,
    FleetTotals fleet,
    long controlsRouted,
    long controlsUnrouted,
    long eventsFailed) {

  /**
   * Fleet counters at the end of the run (see {@link FleetCounters}).
   *
   * @param held assignments of this run taken from the share group
   */
  public record FleetTotals(
      long held,
      long foreign,
      long rejected,
      long decisionTimeouts,
      long pruned,
      long cancelled,
      long handedBack,
      long crashed) {}

  public LoadReport {
    stages = List.copyOf(stages);
  }

  /** Heap after GC against trials held (the baseline at 0, then after each stage). */
  public LinearFit memoryFit() {
    double[] x = new double[stages.size() + 1];
    double[] y = new double[stages.size() + 1];
    y[0] = baselineHeap;
    for (int i = 0; i < stages.size(); i++) {
      x[i + 1] = stages.get(i).cumulativeTrials();
      y[i + 1] = stages.get(i).heapAfterGc();
    }
    return LinearFit.of(x, y);
  }

  /** Every inconsistency found; empty when the counts add up. */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    long pruned = 0;
    for (StageResult s : stages) {
      String at = "stage " + s.stage() + " (" + s.studyId() + "): ";
      int finished =
          s.count(TrialState.COMPLETE) + s.count(TrialState.PRUNED) + s.count(TrialState.FAILED);
      if (finished != s.trials()
          || s.count(TrialState.WAITING) + s.count(TrialState.RUNNING) != 0) {
        out.add(at + finished + " of " + s.trials() + " trials finished, states " + s.counts());
      }
      if (s.eventsApplied() != s.eventsSent().total()) {
        out.add(
            at
                + "workers sent "
                + s.eventsSent().total()
                + " events, the orchestrator applied "
                + s.eventsApplied());
      }
      if (s.eventsSent().finished() != s.count(TrialState.COMPLETE) + s.count(TrialState.PRUNED)) {
        out.add(
            at
                + s.eventsSent().finished()
                + " trial_finished sent for "
                + (s.count(TrialState.COMPLETE) + s.count(TrialState.PRUNED))
                + " complete or pruned trials");
      }
      if (s.dispatch().count() != s.eventsSent().started()) {
        out.add(
            at
                + s.dispatch().count()
                + " dispatch samples for "
                + s.eventsSent().started()
                + " trial_started");
      }
      if (s.ignoredMessages() != 0) {
        out.add(at + s.ignoredMessages() + " messages fenced off by the study");
      }
      pruned += s.count(TrialState.PRUNED);
    }
    if (pruned != fleet.pruned()) {
      out.add(
          "workers honoured "
              + fleet.pruned()
              + " prune requests, studies hold "
              + pruned
              + " pruned trials");
    }
    if (eventsFailed != 0
        || fleet.crashed() != 0
        || fleet.rejected() != 0
        || fleet.handedBack() != 0) {
      out.add(
          "failed sends "
              + eventsFailed
              + ", crashed workers "
              + fleet.crashed()
              + ", rejected records "
              + fleet.rejected()
              + ", handed back "
              + fleet.handedBack());
    }
    return out;
  }
}
