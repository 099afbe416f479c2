package org.gistsweep.worker.train;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a worker keeps its data and caches.
 *
 * @param dataRoot the VTAB-1K root used when a trial's {@code data_dir} is empty; the synthetic
 *     tasks are generated here on first use
 * @param cacheDir where built-in backbone weights are extracted
 */
public record TrainerEnvironment(Path dataRoot, Path cacheDir) {
  /** Requires both paths. */
  public TrainerEnvironment {
    Objects.requireNonNull(dataRoot, "dataRoot");
    Objects.requireNonNull(cacheDir, "cacheDir");
  }
}
