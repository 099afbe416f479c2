package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import org.gistsweep.worker.data.Normalization;
import org.gistsweep.worker.data.VtabDataset;

/**
 * Top-1 of s_cls on an evaluation split, in eval mode, in batches of a size that depends only on
 * the training batch size: the same computation after every training epoch and in {@code evaluate},
 * so a stored model gives the same predictions (and logits) as it did in training.
 */
final class Evaluation {
  private final GistVit model;
  private final VtabDataset data;
  private final Normalization norm;
  private final int batch;
  private final NDManager manager;
  private final BatchStaging staging;

  Evaluation(
      GistVit model,
      VtabDataset data,
      Normalization norm,
      int trainBatchSize,
      NDManager manager,
      BatchStaging staging) {
    this.model = model;
    this.data = data;
    this.norm = norm;
    this.batch = Math.min(256, Math.max(64, trainBatchSize * 2));
    this.manager = manager;
    this.staging = staging;
  }

  /** Top-1 of s_cls as a fraction. */
  double top1() {
    int correct = 0;
    for (int from = 0; from < data.size(); from += batch) {
      int[] idx = range(from, Math.min(batch, data.size() - from));
      try (NDManager step = manager.newSubManager()) {
        long[] pred = logits(idx, step).argMax(1).toLongArray();
        for (int i = 0; i < idx.length; i++) {
          if (pred[i] == data.label(idx[i])) {
            correct++;
          }
        }
      }
    }
    return correct / (double) data.size();
  }

  /**
   * The s_cls logits of the first {@code n} images (as evaluated, in the first batch), row by row.
   */
  float[][] firstLogits(int n) {
    int[] idx = range(0, Math.min(batch, data.size()));
    try (NDManager step = manager.newSubManager()) {
      NDArray logits = logits(idx, step);
      int classes = (int) logits.getShape().get(1);
      float[] flat = logits.toFloatArray();
      float[][] rows = new float[Math.min(n, idx.length)][];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
      }
      return rows;
    }
  }

  private NDArray logits(int[] idx, NDManager step) {
    return model.forward(staging.images(data, idx, norm, step), false).cls();
  }

  private static int[] range(int from, int n) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = from + i;
    }
    return idx;
  }
}
