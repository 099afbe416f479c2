package org.gistsweep.worker.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;

/**
 * Deterministic generator of the two built-in synthetic tasks, written as 32x32 RGB PNG files in
 * exactly the VTAB-1K layout ({@code <root>/<task>/{train800,val200,train800val200,test}.txt},
 * images under {@code images/train} and {@code images/test}).
 *
 * <ul>
 *   <li>{@value VtabTasks#SHAPES_UPSTREAM}: the pretraining task. One shape on a textured, noisy
 *       background; label = the shape kind (10 classes). 5,000 training images (the split files
 *       keep their VTAB names: {@code train800} holds the first 4,000, {@code val200} the last
 *       1,000) and 1,000 test images.
 *   <li>{@value VtabTasks#SYNTHETIC_SHAPES}: the quickstart task. Two smaller shapes of different
 *       kinds out of {circle, square, triangle, cross}, radius 6-9 px; label = which unordered pair
 *       (6 classes). The pretrained shape features help, but the pair must be learned. 800 + 200
 *       training images and 600 test images.
 * </ul>
 *
 * <p>Everything derives from the seed (no clock). {@link #ensure} generates once: a complete folder
 * (marked by {@value #MARKER}) is reused, and generation happens in a side folder that is moved
 * into place, so concurrent workers never see half a task (within one process, generation is
 * serialised).
 */
public final class SyntheticShapes {
  /** Classes of the upstream task. */
  public static final int UPSTREAM_CLASSES = ShapeKind.values().length;

  /** Classes of the downstream task. */
  public static final int DOWNSTREAM_CLASSES = 6;

  /** Side of every generated image. */
  public static final int IMAGE_SIZE = 32;

  /** Name of the marker file of a completely generated task folder. */
  public static final String MARKER = ".complete";

  static final long UPSTREAM_SEED = 1_234_567L;
  static final long DOWNSTREAM_SEED = 7_654_321L;
  private static final int VERSION = 2;

  private SyntheticShapes() {}

  /**
   * Makes sure {@code <root>/<task>} holds the generated task (with its default seed) and returns
   * that folder.
   *
   * @throws IllegalArgumentException when {@code task} is not a synthetic task
   * @throws DataException when the files cannot be written
   */
  public static Path ensure(Path root, String task) {
    long seed =
        switch (task) {
          case VtabTasks.SHAPES_UPSTREAM -> UPSTREAM_SEED;
          case VtabTasks.SYNTHETIC_SHAPES -> DOWNSTREAM_SEED;
          default -> throw new IllegalArgumentException("not a synthetic task: " + task);
        };
    return generate(root, task, seed);
  }

  /**
   * Generates {@code task} under {@code root} from {@code seed} unless a complete copy is there.
   */
  public static synchronized Path generate(Path root, String task, long seed) {
    Path target = root.resolve(task);
    String marker = "task=" + task + " version=" + VERSION + " seed=" + seed + "\n";
    if (isComplete(target, marker)) {
      return target;
    }
    Path partial = root.resolve("." + task + ".partial-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(root);
      FileTrees.deleteRecursively(partial);
      ShapeTaskWriter writer = new ShapeTaskWriter(partial, new SplittableRandom(seed));
      if (VtabTasks.SHAPES_UPSTREAM.equals(task)) {
        writer.writeUpstream(5000, 4000, 1000);
      } else {
        writer.writeDownstream(1000, 800, 600);
      }
      Files.writeString(partial.resolve(MARKER), marker);
      if (!isComplete(target, marker)) {
        FileTrees.deleteRecursively(target);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new DataException(
          "cannot generate synthetic task " + task + " under " + root + ": " + e.getMessage(), e);
    } finally {
      FileTrees.deleteQuietly(partial);
    }
    return target;
  }

  private static boolean isComplete(Path dir, String marker) {
    try {
      // a marker that is not a plain regular file (a FIFO would block the read) means "generate
      // again"
      return Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)
          && Files.size(dir.resolve(MARKER)) < 1024
          && Files.readString(dir.resolve(MARKER)).equals(marker);
    } catch (IOException e) {
      return false;
    }
  }
}
