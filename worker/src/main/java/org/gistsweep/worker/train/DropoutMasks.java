package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * The random masks of one model's Gist dropout and drop-path, drawn from the model's own seeded
 * source rather than the engine's global generator, so that a trial trains the same whether or not
 * other trials train beside it in the same JVM (the quickstart's local workers share one engine).
 */
final class DropoutMasks {
  private final SplittableRandom rng;
  private long draws;

  DropoutMasks(long seed) {
    this.rng = new SplittableRandom(seed).split();
  }

  /**
   * A mask of {@code shape} for {@code like}'s manager and type whose entries are {@code 1 / keep}
   * with probability {@code keep} and 0 otherwise (inverted dropout: multiply the activation by
   * it).
   */
  synchronized NDArray inverted(NDArray like, Shape shape, double keep) {
    float[] values = new float[Math.toIntExact(shape.size())];
    float kept = (float) (1 / keep);
    for (int i = 0; i < values.length; i++) {
      values[i] = rng.nextDouble() < keep ? kept : 0f;
    }
    draws += values.length;
    NDArray mask = like.getManager().create(values, shape);
    return mask.getDataType() == like.getDataType() ? mask : mask.toType(like.getDataType(), false);
  }

  /** How many numbers the masks drew so far (a checkpoint's RNG position). */
  synchronized long draws() {
    return draws;
  }

  /**
   * Moves to a checkpoint's RNG position by drawing {@code n} numbers and dropping them
   * (SplittableRandom has no state to save), so the masks after it are those of an unbroken run.
   */
  synchronized void skip(long n) {
    for (long i = 0; i < n; i++) {
      rng.nextDouble();
    }
    draws += n;
  }
}
