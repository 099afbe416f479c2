package org.gistsweep.common.spec;

/**
 * A real parameter in [low, high], optionally on a log scale or on a grid of {@code step}.
 *
 * @param step grid step, or 0 for a continuous range
 */
public record FloatDistribution(double low, double high, boolean log, double step)
    implements Distribution {
  /** The most steps a stepped range may hold: 2^53, so that counting them never overflows. */
  public static final double MAX_STEPS = 0x1p53;

  public FloatDistribution {
    NumericRanges.check(low, high, log, step, "");
    if (step > 0 && (high - low) / step > MAX_STEPS) {
      throw new SpecException(
          "step",
          "step "
              + step
              + " divides "
              + low
              + ".."
              + high
              + " into more than 2^53 values; use a larger step, or leave step out for a continuous"
              + " range");
    }
  }

  @Override
  public String typeName() {
    return "float";
  }

  @Override
  public boolean contains(Object value) {
    if (!(value instanceof Number n)) {
      return false;
    }
    double d = n.doubleValue();
    if (d < low || d > high) {
      return false;
    }
    return step == 0
        || Math.abs(Math.rint((d - low) / step) * step - (d - low))
            < 1e-9 * Math.max(1, Math.abs(high));
  }

  @Override
  public Object toExternal(double internal) {
    double v = Math.min(high, Math.max(low, internal));
    if (step > 0) {
      v = Math.min(high, low + Math.rint((v - low) / step) * step);
    }
    return v;
  }

  @Override
  public double toInternal(Object external) {
    return ((Number) external).doubleValue();
  }
}
