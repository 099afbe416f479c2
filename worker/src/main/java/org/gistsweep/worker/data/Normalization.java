package org.gistsweep.worker.data;

/**
 * Per-channel normalisation {@code (pixel / 255 - mean[c]) / std[c]} applied when a batch is built.
 *
 * @param mean RGB means
 * @param std RGB standard deviations, each positive
 */
public record Normalization(float[] mean, float[] std) {
  /** The GIST/VTAB reference normalisation: mean = std = 0.5 on every channel. */
  public static final Normalization HALF =
      new Normalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});

  /** Validates three channels and positive deviations. */
  public Normalization {
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("normalisation needs 3 means and 3 stds");
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("normalisation std must be positive, got " + s);
      }
    }
    mean = mean.clone();
    std = std.clone();
  }
}
