package org.gistsweep.common.spec;

/**
 * A real parameter in [low, high], optionally on a log scale or on a grid of {@code step}.
 *
 * @param step grid step, or 0 for a continuous range
 */
public record FloatDistribution(double low, double high, boolean log, double step)
    implements Distribution {

  public FloatDistribution {
    NumericRanges.check(low, high, log, step, "");
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
    return step == 0 || Math.abs(Math.rint((d - low) / step) * step - (d - low)) < 1e-9 * Math.max(1, Math.abs(high));
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
