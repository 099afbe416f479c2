package org.gistsweep.common.spec;

import java.util.List;

/**
 * Which sampler proposes trials, and its seed. The suggestion for trial n depends only on (seed, n,
 * the history the sampler saw), never on the number of workers or timing.
 *
 * @param type {@code random}, {@code grid} or {@code tpe} (multivariate Tree-structured Parzen
 *     Estimator with constant liar, as Optuna)
 */
public record SamplerSpec(String type, long seed) {
  /** The sampler types this build knows. */
  public static final List<String> TYPES = List.of("random", "grid", "tpe");
}
