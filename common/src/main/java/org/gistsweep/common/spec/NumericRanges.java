package org.gistsweep.common.spec;

/** Shared validation of numeric ranges, with messages that say how to fix the range. */
final class NumericRanges {
  private NumericRanges() {}

  static void check(double low, double high, boolean log, double step, String prefix) {
    if (!Double.isFinite(low) || !Double.isFinite(high)) {
      throw new SpecException(prefix + "low", "low and high must be finite numbers");
    }
    if (low > high) {
      throw new SpecException(
          prefix + "low",
          "inverted range: low " + low + " is above high " + high + "; swap them so low < high");
    }
    if (!Double.isFinite(high - low)) {
      throw new SpecException(
          prefix + "high",
          "the range " + low + ".." + high + " is wider than a double can hold; narrow it");
    }
    if (low == high) {
      throw new SpecException(
          prefix + "high",
          "empty range: low and high are both "
              + low
              + "; widen it, or move the parameter to the fixed 'training' settings");
    }
    if (log && low <= 0) {
      throw new SpecException(
          prefix + "low",
          "a log-scale range needs low > 0, got " + low + "; raise low or set log: false");
    }
    if (step < 0) {
      throw new SpecException(prefix + "step", "must be positive, got " + step);
    }
    if (log && step > 0 && step != 1) {
      throw new SpecException(
          prefix + "step", "log: true cannot be combined with a step; drop one of them");
    }
    if (step > high - low) {
      throw new SpecException(
          prefix + "step", "step " + step + " is wider than the range " + low + ".." + high);
    }
  }
}
