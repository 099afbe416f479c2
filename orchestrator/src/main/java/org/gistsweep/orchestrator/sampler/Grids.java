package org.gistsweep.orchestrator.sampler;

import java.util.ArrayList;
import java.util.List;
import org.gistsweep.common.spec.CategoricalDistribution;
import org.gistsweep.common.spec.Distribution;
import org.gistsweep.common.spec.FloatDistribution;
import org.gistsweep.common.spec.IntDistribution;
import org.gistsweep.common.spec.ParameterSpec;
import org.gistsweep.common.spec.SpecException;

/** The finite value lists of distributions, in ascending (or declaration) order. */
final class Grids {
  /** The most values one parameter may contribute to a grid. */
  static final long MAX_VALUES_PER_PARAMETER = 100_000;

  private Grids() {}

  /** How many values {@code low + k*step} a stepped float range holds. */
  static long floatSteps(FloatDistribution f) {
    return (long) Math.floor((f.high() - f.low()) / f.step() + 1e-9) + 1;
  }

  /**
   * The values of one parameter on the grid.
   *
   * @throws SpecException for a float without a step, or a range with too many values
   */
  static List<Object> values(ParameterSpec p) {
    Distribution d = p.distribution();
    String field = "space." + p.name();
    if (d instanceof CategoricalDistribution c) {
      return c.choices();
    }
    long count;
    if (d instanceof FloatDistribution f) {
      if (f.step() <= 0) {
        throw new SpecException(
            field + ".step",
            "grid sampler needs step for float parameter " + p.name()
                + "; add e.g. step: " + suggestStep(f) + ", or use sampler type random");
      }
      count = floatSteps(f);
    } else {
      count = ((IntDistribution) d).size();
    }
    if (count > MAX_VALUES_PER_PARAMETER) {
      throw new SpecException(
          field, "has " + count + " grid values (limit " + MAX_VALUES_PER_PARAMETER + "); use a larger step");
    }
    List<Object> values = new ArrayList<>((int) count);
    for (long k = 0; k < count; k++) {
      values.add(
          d instanceof FloatDistribution f
              ? f.toExternal(f.low() + k * f.step())
              : ((IntDistribution) d).low() + k * ((IntDistribution) d).step());
    }
    return List.copyOf(values);
  }

  private static double suggestStep(FloatDistribution f) {
    return (f.high() - f.low()) / 4;
  }
}
