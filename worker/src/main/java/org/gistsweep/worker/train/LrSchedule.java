package org.gistsweep.worker.train;

/**
 * The reference per-epoch schedule (timm CosineLRScheduler, stepped at epoch starts): epoch e
 * (0-based) below {@code warmup} runs at {@code 1e-7 + (peak - 1e-7) * e / warmup}; the next {@code
 * epochs - warmup - cooldown} epochs follow a cosine from {@code peak} down towards 1e-8; the final
 * {@code cooldown} epochs (and any epoch past the cosine) run at 1e-8.
 */
record LrSchedule(double peak, int epochs, int warmup, int cooldown) {
  static final double WARMUP_START = 1e-7;
  static final double FLOOR = 1e-8;

  /** The learning rate of 0-based epoch {@code e}. */
  double at(int e) {
    if (e < warmup) {
      return WARMUP_START + (peak - WARMUP_START) * e / warmup;
    }
    int span = epochs - warmup - cooldown;
    int t = e - warmup;
    if (t >= span) {
      return FLOOR;
    }
    return FLOOR + 0.5 * (peak - FLOOR) * (1 + Math.cos(Math.PI * t / span));
  }
}
