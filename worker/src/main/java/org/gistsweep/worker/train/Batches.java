package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.gistsweep.worker.data.Normalization;
import org.gistsweep.worker.data.VtabDataset;

/** Builds image batches from a dataset and seeded epoch orders. */
final class Batches {
  private Batches() {}

  /** A shuffled order of {@code n} indices drawn from {@code rng} (Fisher-Yates). */
  static int[] shuffled(int n, SplittableRandom rng) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Indices {@code [from, min(from + size, order.length))} of {@code order}. */
  static int[] slice(int[] order, int from, int size) {
    return Arrays.copyOfRange(order, from, Math.min(order.length, from + size));
  }

  /** The normalised images {@code indices} as a (B, 3, S, S) float array in {@code manager}. */
  static NDArray images(VtabDataset data, int[] indices, Normalization norm, NDManager manager) {
    int s = data.imageSize();
    float[] buf = new float[indices.length * 3 * s * s];
    data.fill(indices, norm, buf);
    return manager.create(buf, new Shape(indices.length, 3, s, s));
  }
}
