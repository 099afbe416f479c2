package org.gistsweep.worker.train;

/**
 * Dynamic loss scaling for FP16 training, with PyTorch's {@code GradScaler} defaults: the loss is
 * multiplied by the scale before backward so small gradients survive FP16; a step whose gradients
 * overflowed is skipped and halves the scale; 2,000 finite steps in a row double it.
 */
final class LossScale {
  static final double INITIAL = 65_536;
  static final int GROWTH_INTERVAL = 2_000;

  private final boolean dynamic;
  private double scale;
  private int finiteInARow;
  private long skipped;

  private LossScale(boolean dynamic) {
    this.dynamic = dynamic;
    this.scale = dynamic ? INITIAL : 1;
  }

  /** A scale that adapts to overflow, for FP16. */
  static LossScale dynamic() {
    return new LossScale(true);
  }

  /** The identity: no scaling, nothing skipped (FP32). */
  static LossScale none() {
    return new LossScale(false);
  }

  boolean isDynamic() {
    return dynamic;
  }

  /** The factor the loss is multiplied by before backward. */
  double value() {
    return scale;
  }

  /** Records one step's outcome; returns whether the optimizer should apply it. */
  boolean update(boolean gradientsFinite) {
    if (!dynamic) {
      return true;
    }
    if (!gradientsFinite) {
      scale /= 2;
      finiteInARow = 0;
      skipped++;
      return false;
    }
    if (++finiteInARow == GROWTH_INTERVAL) {
      scale *= 2;
      finiteInARow = 0;
    }
    return true;
  }

  /**
   * What a checkpoint keeps of the scaler: the scale, the finite steps in a row, the skipped steps.
   */
  record State(double scale, int finiteInARow, long skipped) {}

  State state() {
    return new State(scale, finiteInARow, skipped);
  }

  /** Continues from a checkpoint's state (a no-op on the identity scale). */
  void restore(State state) {
    if (dynamic) {
      scale = state.scale();
      finiteInARow = state.finiteInARow();
      skipped = state.skipped();
    }
  }

  /** Steps skipped because their gradients overflowed. */
  long skippedSteps() {
    return skipped;
  }
}
