package org.gistsweep.orchestrator.pruner;

import java.util.List;
import org.gistsweep.common.spec.PrunerSpec;
import org.gistsweep.common.trial.Direction;

/** Creates the pruner a study's {@code pruner} block names. */
public final class Pruners {
  private static final Pruner NONE =
      new Pruner() {
        @Override
        public Decision decide(PrunerTrial trial, List<PrunerTrial> history) {
          return Decision.CONTINUE;
        }

        @Override
        public String type() {
          return "none";
        }
      };

  private Pruners() {}

  /**
   * Creates a pruner (stateless, so one per study is enough).
   *
   * @param spec the study's pruner block
   * @param studyName the study's name; Hyperband derives each trial's bracket from it
   * @param directions the study's objective directions, in order
   * @param defaultMaxResource Hyperband's max resource when the block gives none (the trials'
   *     epochs)
   */
  public static Pruner create(
      PrunerSpec spec, String studyName, List<Direction> directions, int defaultMaxResource) {
    return switch (spec.type()) {
      case "none" -> NONE;
      case "median", "percentile" -> new PercentilePruner(spec, directions);
      case "asha" ->
          new AsyncHyperbandPruner(
              "asha",
              spec.minResource(),
              spec.reductionFactor(),
              spec.minEarlyStoppingRate(),
              directions,
              n -> true);
      case "hyperband" -> {
        int max =
            spec.maxResource() > 0
                ? spec.maxResource()
                : Math.max(spec.minResource(), defaultMaxResource);
        yield new HyperbandPruner(
            studyName, spec.minResource(), max, spec.reductionFactor(), directions);
      }
      default -> throw new IllegalArgumentException("unknown pruner type " + spec.type());
    };
  }
}
