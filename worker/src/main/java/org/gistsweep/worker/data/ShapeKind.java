package org.gistsweep.worker.data;

/**
 * The shapes the synthetic tasks draw; {@link #contains} tests a point in the shape's unit frame.
 */
enum ShapeKind {
  CIRCLE,
  SQUARE,
  TRIANGLE,
  CROSS,
  RING,
  DIAMOND,
  STAR,
  BARS,
  HALF_DISC,
  FRAME;

  /** Whether (u, v), in units of the shape's radius around its centre (v down), lies inside. */
  boolean contains(double u, double v) {
    double au = Math.abs(u);
    double av = Math.abs(v);
    double r = Math.hypot(u, v);
    return switch (this) {
      case CIRCLE -> r <= 1.0;
      case SQUARE -> au <= 0.8 && av <= 0.8;
      case TRIANGLE -> v <= 0.8 && v >= -0.9 && au <= (v + 0.9) / 1.7 * 0.95;
      case CROSS -> (au <= 0.3 && av <= 0.95) || (av <= 0.3 && au <= 0.95);
      case RING -> r <= 1.0 && r >= 0.55;
      case DIAMOND -> au + av <= 1.05;
      case STAR -> r <= 0.38 + 0.62 * Math.pow(Math.max(0, Math.cos(2.5 * Math.atan2(u, -v))), 4);
      case BARS -> au <= 0.9 && av <= 0.9 && ((int) Math.floor((v + 0.9) / 0.36)) % 2 == 0;
      case HALF_DISC -> r <= 1.0 && v >= -0.1;
      case FRAME -> au <= 0.9 && av <= 0.9 && Math.max(au, av) >= 0.55;
    };
  }
}
