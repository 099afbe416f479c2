package org.gistsweep.worker.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.gistsweep.worker.files.AllowedRoots;
import org.gistsweep.worker.files.PathRefusedException;

/**
 * One split of one task in the VTAB-1K layout, decoded and resized to a square image size.
 *
 * <p>Pixels are kept as 8-bit CHW planes (the reference pipeline also resizes in 8 bits) and are
 * normalised only when a batch is built. Loading goes through a small in-process cache, since a
 * worker runs many trials on the same data.
 */
public final class VtabDataset {
  private final String task;
  private final String split;
  private final int imageSize;
  private final byte[][] pixels;
  private final int[] labels;

  VtabDataset(String task, String split, int imageSize, byte[][] pixels, int[] labels) {
    this.task = task;
    this.split = split;
    this.imageSize = imageSize;
    this.pixels = pixels;
    this.labels = labels;
  }

  /**
   * Loads {@code <root>/<task>/<split>.txt} at {@code imageSize x imageSize}, from the cache when
   * the same (root, task, split, size) was loaded before in this process.
   *
   * @throws DataException naming the split file and line of a missing or unreadable image
   */
  public static VtabDataset load(Path root, String task, String split, int imageSize) {
    return load(
        root,
        task,
        split,
        imageSize,
        AllowedRoots.of("data", "add one with --data-root DIR", List.of(root)));
  }

  /**
   * As {@link #load(Path, String, String, int)}; the split file and every image it lists must lie
   * under {@code roots} (symlinks resolved) and be regular files, checked before each is opened.
   *
   * @throws PathRefusedException when one does not
   */
  public static VtabDataset load(
      Path root, String task, String split, int imageSize, AllowedRoots roots) {
    return DatasetCache.get(root, task, split, imageSize, roots);
  }

  /**
   * The class count of {@code task}: the VTAB-1K table value when known, else the largest label
   * seen in {@code splits} plus one.
   */
  public static int classCount(String task, VtabDataset... splits) {
    return VtabTasks.classCount(task)
        .orElseGet(
            () -> Arrays.stream(splits).mapToInt(VtabDataset::maxLabel).max().orElse(-1) + 1);
  }

  /** Number of images. */
  public int size() {
    return labels.length;
  }

  /** The label of image {@code i}. */
  public int label(int i) {
    return labels[i];
  }

  /** The largest label in this split. */
  public int maxLabel() {
    return Arrays.stream(labels).max().orElse(-1);
  }

  /** Side of the square images. */
  public int imageSize() {
    return imageSize;
  }

  /** The task name. */
  public String task() {
    return task;
  }

  /** The split name. */
  public String split() {
    return split;
  }

  /**
   * Writes the normalised CHW floats of the images {@code indices} one after the other into {@code
   * out}, which must hold {@code indices.length * 3 * imageSize * imageSize} values.
   */
  public void fill(int[] indices, Normalization norm, float[] out) {
    int plane = imageSize * imageSize;
    int per = 3 * plane;
    float[] scale = new float[3];
    float[] shift = new float[3];
    for (int c = 0; c < 3; c++) {
      scale[c] = 1f / (255f * norm.std()[c]);
      shift[c] = norm.mean()[c] / norm.std()[c];
    }
    for (int b = 0; b < indices.length; b++) {
      byte[] img = pixels[indices[b]];
      int base = b * per;
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < plane; p++) {
          out[base + c * plane + p] = (img[c * plane + p] & 0xFF) * scale[c] - shift[c];
        }
      }
    }
  }

  /** The labels of the images {@code indices}. */
  public int[] labels(int[] indices) {
    int[] out = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      out[i] = labels[indices[i]];
    }
    return out;
  }
}
