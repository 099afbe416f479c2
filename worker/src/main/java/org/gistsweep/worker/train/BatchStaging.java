package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.gistsweep.worker.data.Normalization;
import org.gistsweep.worker.data.VtabDataset;

/**
 * One reusable native buffer for a training run's image batches. DJL wraps a direct ByteBuffer
 * without copying, but copies any other data into a new direct buffer that only the garbage
 * collector frees: with a quiet Java heap those piled up batch after batch (54 MB after 10 epochs
 * of the small benchmark model; a ViT-B/16 batch of 64 is 38 MB per step). Each batch here is
 * written into the same buffer, so its array must be closed before the next one is made, as the
 * epoch loop's per-step manager does.
 */
final class BatchStaging {
  private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

  /** The normalised images {@code indices} as a (B, 3, S, S) float array in {@code manager}. */
  NDArray images(VtabDataset data, int[] indices, Normalization norm, NDManager manager) {
    int s = data.imageSize();
    float[] values = new float[indices.length * 3 * s * s];
    data.fill(indices, norm, values);
    int bytes = values.length * Float.BYTES;
    if (buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
    ByteBuffer view = buffer.duplicate().order(ByteOrder.nativeOrder());
    view.clear().limit(bytes);
    view.asFloatBuffer().put(values);
    return manager.create(
        view.slice().order(ByteOrder.nativeOrder()),
        new Shape(indices.length, 3, s, s),
        DataType.FLOAT32);
  }
}
