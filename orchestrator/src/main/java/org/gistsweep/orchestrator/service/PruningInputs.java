package org.gistsweep.orchestrator.service;

import java.util.List;
import org.gistsweep.orchestrator.pruner.Decision;
import org.gistsweep.orchestrator.pruner.Pruner;
import org.gistsweep.orchestrator.pruner.PrunerTrial;
import org.gistsweep.orchestrator.study.TrialSnapshot;

/** Turns study snapshots into pruner inputs and asks the pruner; pure. */
final class PruningInputs {
  private PruningInputs() {}

  static PrunerTrial of(TrialSnapshot t) {
    return new PrunerTrial(t.number(), t.state(), t.intermediateVectors());
  }

  /** The pruner's decision about {@code trial} at its latest step, against the whole study. */
  static Decision decide(Pruner pruner, TrialSnapshot trial, List<TrialSnapshot> history) {
    return pruner.decide(of(trial), history.stream().map(PruningInputs::of).toList());
  }
}
