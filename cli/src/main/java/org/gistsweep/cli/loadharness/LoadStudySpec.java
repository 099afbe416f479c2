package org.gistsweep.cli.loadharness;

import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.spec.SweepSpecParser;

/** The sweep each stage submits: random search over two real settings, so sampling stays cheap. */
final class LoadStudySpec {
  private LoadStudySpec() {}

  /**
   * A sweep named {@code name} with {@code trials} trials, {@code parallel} at once, {@code epochs}
   * epochs each and the given pruner ({@code none}, {@code median} or {@code asha}).
   */
  static SweepSpec of(String name, int trials, int parallel, int epochs, String pruner, long seed) {
    String yaml =
        "name: "
            + name
            + "\n"
            + "objective: {metric: val_top1, direction: maximize}\n"
            + "budget: {trials: "
            + trials
            + ", parallel: "
            + parallel
            + ", epochs: "
            + epochs
            + "}\n"
            + "sampler: {type: random, seed: "
            + seed
            + "}\n"
            + pruner(pruner)
            + "training: {task: synthetic-shapes}\n"
            + "space:\n"
            + "  lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}\n"
            + "  gist: {type: categorical, choices: [true, false]}\n";
    return SweepSpecParser.parse(yaml, "bench-load", name);
  }

  private static String pruner(String type) {
    switch (type) {
      case "none":
        return "";
      case "median":
        return "pruner: {type: median, n_startup_trials: 5}\n";
      case "asha":
        return "pruner: {type: asha, min_resource: 1, reduction_factor: 3}\n";
      default:
        throw new IllegalArgumentException("unknown pruner " + type);
    }
  }
}
