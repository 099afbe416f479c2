package org.gistsweep.orchestrator.sampler.tpe;

import org.gistsweep.common.spec.CategoricalDistribution;
import org.gistsweep.common.spec.Distribution;
import org.gistsweep.common.spec.FloatDistribution;
import org.gistsweep.common.spec.IntDistribution;
import org.gistsweep.common.spec.ParameterSpec;

/**
 * One parameter in the sampler's internal coordinates. Continuous: [low, high], or [log low, log
 * high] for log floats and [log(low-0.5), log(high+0.5)] for log ints (sampled continuously, then
 * rounded). Stepped: the grid low, low+step, .., high of a non-log int or stepped float.
 * Categorical: the choice index.
 */
final class Dimension {
  enum Kind {
    CONTINUOUS,
    STEPPED,
    CATEGORICAL
  }

  final String name;
  final int index;
  final Kind kind;
  final double low;
  final double high;
  final double step;
  final int choices;
  private final Distribution distribution;
  private final boolean log;

  private Dimension(ParameterSpec p, int index) {
    this.name = p.name();
    this.index = index;
    this.distribution = p.distribution();
    if (distribution instanceof CategoricalDistribution c) {
      kind = Kind.CATEGORICAL;
      choices = c.choices().size();
      low = 0;
      high = choices - 1;
      step = 1;
      log = false;
    } else if (distribution instanceof IntDistribution i) {
      choices = 0;
      log = i.log();
      kind = log ? Kind.CONTINUOUS : Kind.STEPPED;
      low = log ? Math.log(i.low() - 0.5) : i.low();
      high = log ? Math.log(i.high() + 0.5) : i.low() + (i.size() - 1) * (double) i.step();
      step = log ? 0 : i.step();
    } else {
      FloatDistribution f = (FloatDistribution) distribution;
      choices = 0;
      log = f.log();
      boolean stepped = f.step() > 0 && !log;
      kind = stepped ? Kind.STEPPED : Kind.CONTINUOUS;
      low = log ? Math.log(f.low()) : f.low();
      high =
          log ? Math.log(f.high()) : stepped ? f.low() + (floatSteps(f) - 1) * f.step() : f.high();
      step = stepped ? f.step() : 0;
    }
  }

  static Dimension of(ParameterSpec p, int index) {
    return new Dimension(p, index);
  }

  /** high - low + step: the scale of bandwidths and of the prior kernel. */
  double range() {
    return high - low + step;
  }

  /** The internal coordinate of an external value. */
  double toInternal(Object external) {
    double v = distribution.toInternal(external);
    return log ? Math.log(v) : v;
  }

  /** The external value (Double, Long or the choice) of an internal coordinate. */
  Object toExternal(double internal) {
    return distribution.toExternal(log ? Math.exp(internal) : internal);
  }

  /** Moves a drawn coordinate onto the values the parameter can take (grid, integer, range). */
  double snap(double x) {
    return switch (kind) {
      case CATEGORICAL -> x;
      case STEPPED -> Math.min(high, Math.max(low, low + Math.rint((x - low) / step) * step));
      case CONTINUOUS -> log ? toInternal(toExternal(x)) : Math.min(high, Math.max(low, x));
    };
  }

  private static long floatSteps(FloatDistribution f) {
    return (long) Math.floor((f.high() - f.low()) / f.step() + 1e-9) + 1;
  }
}
