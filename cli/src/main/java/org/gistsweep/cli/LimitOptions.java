package org.gistsweep.cli;

import org.gistsweep.orchestrator.service.StudyLimits;
import picocli.CommandLine.Option;

/**
 * {@code --max-trials}, {@code --max-parallel}, {@code --max-grid}: the caps on what one study may
 * ask of the orchestrator these commands start (see {@link StudyLimits}); a study or budget over
 * one is refused naming the field, the cap and the option.
 */
final class LimitOptions {
  @Option(
      names = StudyLimits.TRIALS_OPTION,
      paramLabel = "N",
      defaultValue = "" + StudyLimits.DEFAULT_MAX_TRIALS,
      description =
          "Most trials one study may have: budget.trials, an ask/tell study's trials, `study"
              + " extend` (default: ${DEFAULT-VALUE}).")
  int maxTrials;

  @Option(
      names = StudyLimits.PARALLEL_OPTION,
      paramLabel = "N",
      defaultValue = "" + StudyLimits.DEFAULT_MAX_PARALLEL,
      description =
          "Most trials one study may run at once: budget.parallel, `study extend --parallel`"
              + " (default: ${DEFAULT-VALUE}).")
  int maxParallel;

  @Option(
      names = StudyLimits.GRID_OPTION,
      paramLabel = "N",
      defaultValue = "" + StudyLimits.DEFAULT_MAX_GRID,
      description = "Most combinations a grid study's space may have (default: ${DEFAULT-VALUE}).")
  long maxGrid;

  /** The caps, checked. */
  StudyLimits limits() {
    try {
      return new StudyLimits(maxTrials, maxParallel, maxGrid);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(e.getMessage(), e);
    }
  }
}
