package org.gistsweep.cli.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gistsweep.worker.data.SyntheticShapes;
import org.gistsweep.worker.data.VtabTasks;

/**
 * Small training data for sweeps of real workers: the built-in synthetic-shapes task (generated
 * once under the root) with two extra split files, {@value #TRAIN} and {@value #EVAL}, holding its
 * first images, so that a trial takes seconds on a CPU.
 */
final class ChaosData {
  static final String TRAIN = "chaos-train";
  static final String EVAL = "chaos-eval";

  private ChaosData() {}

  /** Makes sure {@code root} holds the task and the two small splits; returns {@code root}. */
  static Path prepare(Path root, int trainImages, int evalImages) {
    Path task = SyntheticShapes.ensure(root, VtabTasks.SYNTHETIC_SHAPES);
    try {
      Files.write(
          task.resolve(TRAIN + ".txt"),
          Files.readAllLines(task.resolve("train800.txt")).subList(0, trainImages));
      Files.write(
          task.resolve(EVAL + ".txt"),
          Files.readAllLines(task.resolve("test.txt")).subList(0, evalImages));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the small splits under " + task, e);
    }
    return root;
  }
}
