package org.gistsweep.orchestrator.sampler;

import org.gistsweep.common.spec.CategoricalDistribution;
import org.gistsweep.common.spec.Distribution;
import org.gistsweep.common.spec.FloatDistribution;
import org.gistsweep.common.spec.IntDistribution;
import org.gistsweep.common.spec.ParameterSpec;
import org.gistsweep.common.spec.SpecException;

/**
 * The finite values of distributions, in ascending (or declaration) order: counted and indexed in
 * O(1), never listed, so a grid costs nothing in proportion to its ranges.
 */
final class Grids {
  private Grids() {}

  /** How many values {@code low + k*step} a stepped float range holds (at most 2^53 + 1). */
  static long floatSteps(FloatDistribution f) {
    return (long) Math.floor((f.high() - f.low()) / f.step() + 1e-9) + 1;
  }

  /**
   * How many values parameter {@code p} takes on the grid.
   *
   * @throws SpecException for a float without a step
   */
  static long count(ParameterSpec p) {
    Distribution d = p.distribution();
    if (d instanceof CategoricalDistribution c) {
      return c.choices().size();
    }
    if (d instanceof FloatDistribution f) {
      if (f.step() <= 0) {
        throw new SpecException(
            "space." + p.name() + ".step",
            "grid sampler needs step for float parameter "
                + p.name()
                + "; add e.g. step: "
                + suggestStep(f)
                + ", or use sampler type random");
      }
      return floatSteps(f);
    }
    return ((IntDistribution) d).size();
  }

  /** The {@code k}-th value of {@code d} on the grid, {@code 0 <= k < count}. */
  static Object value(Distribution d, long k) {
    if (d instanceof CategoricalDistribution c) {
      return c.choices().get((int) k);
    }
    if (d instanceof FloatDistribution f) {
      return f.toExternal(f.low() + k * f.step());
    }
    IntDistribution i = (IntDistribution) d;
    return i.low() + k * i.step();
  }

  private static double suggestStep(FloatDistribution f) {
    return (f.high() - f.low()) / 4;
  }
}
