package org.gistsweep.orchestrator.ablation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The three VTAB-1K task groups, in the order papers report them, with their tasks. */
public final class VtabGroups {
  /** Group name to its tasks, in the papers' column order. */
  public static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put(
        "Natural",
        List.of(
            "cifar",
            "caltech101",
            "dtd",
            "oxford_flowers102",
            "oxford_iiit_pet",
            "svhn",
            "sun397"));
    GROUPS.put(
        "Specialized", List.of("patch_camelyon", "eurosat", "resisc45", "diabetic_retinopathy"));
    GROUPS.put(
        "Structured",
        List.of(
            "clevr_count",
            "clevr_dist",
            "dmlab",
            "kitti",
            "dsprites_loc",
            "dsprites_ori",
            "smallnorb_azi",
            "smallnorb_ele"));
  }

  private VtabGroups() {}

  /** The group of a VTAB-1K task, if it is one. */
  public static Optional<String> groupOf(String task) {
    return GROUPS.entrySet().stream()
        .filter(e -> e.getValue().contains(task))
        .map(Map.Entry::getKey)
        .findFirst();
  }
}
