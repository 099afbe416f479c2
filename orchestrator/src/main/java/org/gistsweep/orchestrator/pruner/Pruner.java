package org.gistsweep.orchestrator.pruner;

import java.util.List;

/**
 * Decides whether a running trial should stop at the step it just reported. Implementations are
 * pure functions of their options, the trial and the history: no I/O, no clock, no state between
 * calls, so asking twice about the same report gives the same answer and replaying a study's events
 * reproduces its decisions. Cheap enough to run on the study owner's event loop (linear in the
 * study's reports).
 *
 * <p>Pruning is cooperative: the caller turns a prune decision into a {@code TrialControl(prune)}
 * (workers) or a {@code "decision": "prune"} answer (ask/tell); the trial stops at its next epoch
 * boundary and is told as PRUNED.
 */
public interface Pruner {

  /**
   * Judges {@code trial} at its latest step ({@link PrunerTrial#lastStep()}).
   *
   * @param trial the running trial with every value it reported so far
   * @param history every trial of the study (the judged trial may be among them; it is skipped by
   *     number), in any state
   */
  Decision decide(PrunerTrial trial, List<PrunerTrial> history);

  /** The {@code pruner.type} name, e.g. {@code asha}. */
  String type();
}
