package org.gistsweep.worker.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Class counts of the 19 VTAB-1K tasks and of the built-in synthetic tasks.
 *
 * <p>A task not listed here takes its class count from its labels (max label + 1).
 */
public final class VtabTasks {
  /** The synthetic upstream (pretraining) task. */
  public static final String SHAPES_UPSTREAM = "shapes-upstream";

  /** The synthetic downstream (quickstart) task. */
  public static final String SYNTHETIC_SHAPES = "synthetic-shapes";

  private static final Map<String, Integer> CLASSES = new LinkedHashMap<>();

  static {
    CLASSES.put("cifar", 100);
    CLASSES.put("caltech101", 102);
    CLASSES.put("dtd", 47);
    CLASSES.put("oxford_flowers102", 102);
    CLASSES.put("oxford_iiit_pet", 37);
    CLASSES.put("svhn", 10);
    CLASSES.put("sun397", 397);
    CLASSES.put("patch_camelyon", 2);
    CLASSES.put("eurosat", 10);
    CLASSES.put("resisc45", 45);
    CLASSES.put("diabetic_retinopathy", 5);
    CLASSES.put("clevr_count", 8);
    CLASSES.put("clevr_dist", 6);
    CLASSES.put("dmlab", 6);
    CLASSES.put("kitti", 4);
    CLASSES.put("dsprites_loc", 16);
    CLASSES.put("dsprites_ori", 16);
    CLASSES.put("smallnorb_azi", 18);
    CLASSES.put("smallnorb_ele", 9);
    CLASSES.put(SHAPES_UPSTREAM, SyntheticShapes.UPSTREAM_CLASSES);
    CLASSES.put(SYNTHETIC_SHAPES, SyntheticShapes.DOWNSTREAM_CLASSES);
  }

  private VtabTasks() {}

  /** The known class count of {@code task}, if it is a VTAB-1K or synthetic task. */
  public static Optional<Integer> classCount(String task) {
    return Optional.ofNullable(CLASSES.get(task));
  }

  /** Whether {@code task} is one of the built-in synthetic tasks this worker can generate. */
  public static boolean isSynthetic(String task) {
    return SHAPES_UPSTREAM.equals(task) || SYNTHETIC_SHAPES.equals(task);
  }

  /** Every known task name, VTAB-1K's 19 first. */
  public static Iterable<String> names() {
    return CLASSES.keySet();
  }
}
