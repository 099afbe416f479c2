package org.gistsweep.common.spec;

/**
 * A whole-number parameter in [low, high] with a {@code step} (default 1), optionally on a log
 * scale (then the step must be 1). Both ends lie within {@code ±2^53}: values are handled as
 * doubles internally, and a double holds every whole number up to there exactly; it also keeps
 * {@link #size()} far from overflowing.
 */
public record IntDistribution(long low, long high, boolean log, long step) implements Distribution {
  /** The largest magnitude of {@code low} and {@code high}: 2^53. */
  public static final long MAX_MAGNITUDE = 1L << 53;

  public IntDistribution {
    magnitude("low", low);
    magnitude("high", high);
    NumericRanges.check(low, high, log, step, "");
    if (step < 1) {
      throw new SpecException(
          "step", "must be a whole number >= 1 for an int parameter, got " + step);
    }
  }

  @Override
  public String typeName() {
    return "int";
  }

  @Override
  public boolean contains(Object value) {
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      return false;
    }
    long v = n.longValue();
    return v >= low && v <= high && (v - low) % step == 0;
  }

  @Override
  public Object toExternal(double internal) {
    double clipped = Math.min(high, Math.max(low, internal));
    long v = low + Math.round((clipped - low) / step) * step;
    return v > high ? v - step : v;
  }

  @Override
  public double toInternal(Object external) {
    return ((Number) external).doubleValue();
  }

  /** The number of values in the range (at most 2^54 + 1, so never an overflow). */
  public long size() {
    return (high - low) / step + 1;
  }

  private static void magnitude(String field, long value) {
    if (value > MAX_MAGNITUDE || value < -MAX_MAGNITUDE) {
      throw new SpecException(
          field,
          value
              + " is beyond ±"
              + MAX_MAGNITUDE
              + " (2^53), the largest whole number a double holds exactly; narrow the range");
    }
  }
}
