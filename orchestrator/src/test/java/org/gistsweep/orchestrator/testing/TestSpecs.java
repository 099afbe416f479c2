package org.gistsweep.orchestrator.testing;

import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.spec.SweepSpecParser;

/** Sweep specs for tests, written as sweep YAML. */
public final class TestSpecs {
  private TestSpecs() {}

  /** Parses sweep YAML. */
  public static SweepSpec parse(String yaml) {
    return SweepSpecParser.parse(yaml, "test", "test");
  }

  /** A random-sampler sweep over lr (log) and adapter_dim (stepped) with the given budget. */
  public static SweepSpec random(int trials, int parallel, int epochs, int maxAttempts) {
    return parse(
        """
        name: demo
        budget: {trials: %d, parallel: %d, epochs: %d, max_attempts: %d}
        sampler: {type: random, seed: 7}
        space:
          lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
          adapter_dim: {type: int, low: 2, high: 16, step: 2}
        """
            .formatted(trials, parallel, epochs, maxAttempts));
  }
}
