package org.gistsweep.common.spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The per-task VTAB-1K recipe of the GIST reference (the same values as SSF's VTAB scripts): peak
 * learning rate, AdamW weight decay and drop-path rate for each of the 19 tasks. Selected with the
 * training setting {@code recipe: vtab}; a value given explicitly in the sweep still wins.
 */
public final class VtabRecipe {
  /**
   * One task's recipe.
   *
   * @param lr peak learning rate
   * @param weightDecay AdamW weight decay
   * @param dropPath stochastic depth rate
   */
  public record Entry(double lr, double weightDecay, double dropPath) {}

  private static final Map<String, Entry> TABLE = new LinkedHashMap<>();

  static {
    put("cifar", 5e-3, 5e-5, 0);
    put("caltech101", 1e-3, 5e-2, 0.1);
    put("dtd", 5e-3, 5e-5, 0);
    put("oxford_flowers102", 5e-3, 5e-5, 0);
    put("oxford_iiit_pet", 5e-3, 5e-5, 0);
    put("svhn", 1e-2, 5e-5, 0);
    put("sun397", 5e-3, 5e-5, 0);
    put("patch_camelyon", 5e-3, 5e-5, 0);
    put("eurosat", 3e-3, 5e-2, 0.2);
    put("resisc45", 2e-3, 5e-5, 0.1);
    put("diabetic_retinopathy", 5e-3, 5e-5, 0.2);
    put("clevr_count", 2e-3, 5e-2, 0.1);
    put("clevr_dist", 5e-2, 5e-2, 0.1);
    put("dmlab", 5e-3, 5e-5, 0.1);
    put("kitti", 1e-2, 5e-5, 0);
    put("dsprites_loc", 1e-2, 5e-5, 0);
    put("dsprites_ori", 5e-3, 5e-5, 0.2);
    put("smallnorb_azi", 2e-2, 5e-5, 0.1);
    put("smallnorb_ele", 5e-3, 5e-2, 0.2);
  }

  private VtabRecipe() {}

  private static void put(String task, double lr, double wd, double dropPath) {
    TABLE.put(task, new Entry(lr, wd, dropPath));
  }

  /**
   * The recipe of VTAB-1K task {@code task} (folder name, e.g. {@code cifar}), if it is one of the
   * 19.
   */
  public static Optional<Entry> forTask(String task) {
    return Optional.ofNullable(TABLE.get(task));
  }

  /** The 19 task names, comma separated, for error messages. */
  public static String taskNames() {
    return String.join(", ", TABLE.keySet());
  }
}
