package org.gistsweep.orchestrator.service;

import java.util.ArrayList;
import java.util.List;
import org.gistsweep.orchestrator.pruner.Decision;
import org.gistsweep.orchestrator.pruner.Pruner;
import org.gistsweep.orchestrator.pruner.PrunerTrial;
import org.gistsweep.orchestrator.study.TrialSnapshot;

/**
 * Turns a study's trial snapshots into pruner inputs and asks the study's pruner. One per study,
 * used on the owner context only: it keeps the {@link PrunerTrial} of every trial and rebuilds it
 * only when the trial's snapshot changed (a trial hands out the same snapshot until it changes), so
 * a decision no longer copies every trial's reports.
 */
final class PruningInputs {
  private final Pruner pruner;
  private final List<TrialSnapshot> sources = new ArrayList<>();
  private final List<PrunerTrial> inputs = new ArrayList<>();

  PruningInputs(Pruner pruner) {
    this.pruner = pruner;
  }

  static PrunerTrial of(TrialSnapshot t) {
    return new PrunerTrial(t.number(), t.state(), t.intermediateVectors());
  }

  /** The pruner's decision about {@code trial} at its latest step, against the whole study. */
  Decision decide(TrialSnapshot trial, List<TrialSnapshot> history) {
    for (int i = 0; i < history.size(); i++) {
      TrialSnapshot t = history.get(i);
      if (i == sources.size()) {
        sources.add(t);
        inputs.add(of(t));
      } else if (sources.get(i) != t) {
        sources.set(i, t);
        inputs.set(i, of(t));
      }
    }
    PrunerTrial judged =
        trial.number() < inputs.size() && sources.get(trial.number()) == trial
            ? inputs.get(trial.number())
            : of(trial);
    return pruner.decide(judged, List.copyOf(inputs.subList(0, history.size())));
  }
}
