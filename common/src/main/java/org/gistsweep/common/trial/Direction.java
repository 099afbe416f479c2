package org.gistsweep.common.trial;

import java.util.Locale;
import java.util.Optional;

/** Whether an objective is maximised or minimised. */
public enum Direction {
  MAXIMIZE,
  MINIMIZE;

  /** Whether {@code candidate} is strictly better than {@code incumbent} in this direction. */
  public boolean isBetter(double candidate, double incumbent) {
    return this == MAXIMIZE ? candidate > incumbent : candidate < incumbent;
  }

  /** The worst possible value, a neutral start for a running best. */
  public double worst() {
    return this == MAXIMIZE ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }

  /** The lower-case name used in sweep files and JSON. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code maximize}/{@code minimize} (also {@code max}/{@code min}). */
  public static Optional<Direction> parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "maximize", "maximise", "max" -> Optional.of(MAXIMIZE);
      case "minimize", "minimise", "min" -> Optional.of(MINIMIZE);
      default -> Optional.empty();
    };
  }
}
