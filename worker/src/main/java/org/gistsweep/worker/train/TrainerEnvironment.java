package org.gistsweep.worker.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.gistsweep.worker.files.AllowedRoots;

/**
 * Where a worker keeps its data and caches, and the only folders a trial may read in. A trial
 * writes nothing here but caches: its weights go to the worker's scratch folder, then to its
 * artifact store.
 *
 * @param dataRoot the VTAB-1K root used when a trial's {@code data_dir} is empty; the synthetic
 *     tasks are generated here on first use
 * @param cacheDir where built-in backbone weights are extracted (under {@code backbone/})
 * @param dataRoots the folders a trial's data folder, split files and images must lie in (always
 *     including {@code dataRoot})
 * @param weightsRoots the folders a backbone file and its {@code .json} sidecar must lie in (always
 *     including {@code cacheDir/backbone}); {@code builtin:} and {@code random:} backbones are
 *     exempt
 */
public record TrainerEnvironment(
    Path dataRoot, Path cacheDir, AllowedRoots dataRoots, AllowedRoots weightsRoots) {
  /** Requires every component. */
  public TrainerEnvironment {
    Objects.requireNonNull(dataRoot, "dataRoot");
    Objects.requireNonNull(cacheDir, "cacheDir");
    Objects.requireNonNull(dataRoots, "dataRoots");
    Objects.requireNonNull(weightsRoots, "weightsRoots");
  }

  /**
   * The narrowest environment: data only under {@code dataRoot}, weights only the built-in ones.
   */
  public TrainerEnvironment(Path dataRoot, Path cacheDir) {
    this(dataRoot, cacheDir, List.of(), List.of());
  }

  /**
   * An environment whose roots are canonicalised now (symlinks resolved).
   *
   * @param moreDataRoots data roots besides {@code dataRoot}
   * @param weightsRoots weights roots besides {@code cacheDir/backbone}
   */
  public TrainerEnvironment(
      Path dataRoot, Path cacheDir, List<Path> moreDataRoots, List<Path> weightsRoots) {
    this(
        dataRoot,
        cacheDir,
        AllowedRoots.of(
            "data", "add one with --data-root DIR", concat(List.of(dataRoot), moreDataRoots)),
        AllowedRoots.of(
            "weights",
            "add one with --weights-root DIR",
            concat(weightsRoots, List.of(builtinWeights(cacheDir)))));
  }

  /** Where {@code builtin:} backbones are extracted. */
  public static Path builtinWeights(Path cacheDir) {
    return cacheDir.resolve("backbone");
  }

  private static List<Path> concat(List<Path> a, List<Path> b) {
    List<Path> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
