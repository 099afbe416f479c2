package org.gistsweep.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gistsweep.worker.train.Npz;

/**
 * Batches for {@code inspect}: an {@code .npz} of 32x32 images (a fixed pattern) and the given
 * labels.
 */
final class InspectBatches {
  private InspectBatches() {}

  static Path write(Path file, float... labels) throws IOException {
    Map<String, Npz.Array> batch = new LinkedHashMap<>();
    float[] images = new float[labels.length * 3 * 32 * 32];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) Math.sin(i);
    }
    batch.put("images", new Npz.Array(new long[] {labels.length, 3, 32, 32}, images, false));
    batch.put("labels", new Npz.Array(new long[] {labels.length}, labels, true));
    Npz.write(file, batch);
    return file;
  }
}
