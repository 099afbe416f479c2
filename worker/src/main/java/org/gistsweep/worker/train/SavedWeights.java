package org.gistsweep.worker.train;

import java.nio.file.Path;

/**
 * One set of weights a trial wrote for storing.
 *
 * @param name {@code best} or {@code last}: stored as {@code <name>.safetensors} and {@code
 *     <name>.json}
 * @param epoch the 1-based epoch whose weights these are
 * @param weights the local safetensors file
 * @param sidecar the local JSON sidecar
 */
public record SavedWeights(String name, int epoch, Path weights, Path sidecar) {
  /** The best epoch's weights. */
  public static final String BEST = "best";

  /** The last epoch's weights. */
  public static final String LAST = "last";

  /** The stored name of the weights file, e.g. {@code best.safetensors}. */
  public String weightsName() {
    return name + ".safetensors";
  }

  /** The stored name of the sidecar, e.g. {@code best.json}. */
  public String sidecarName() {
    return name + ".json";
  }
}
