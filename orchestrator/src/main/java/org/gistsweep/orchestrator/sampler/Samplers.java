package org.gistsweep.orchestrator.sampler;

import org.gistsweep.common.spec.SamplerSpec;
import org.gistsweep.common.spec.SpecException;

/** Creates the sampler a sweep's {@code sampler} block names. */
public final class Samplers {
  private Samplers() {}

  /**
   * Creates a fresh sampler (one per study; samplers may cache per-space data).
   *
   * @throws SpecException for a sampler type this build does not know
   */
  public static Sampler create(SamplerSpec spec) {
    return switch (spec.type()) {
      case "random" -> new RandomSampler(spec.seed());
      case "grid" -> new GridSampler();
      default ->
          throw new SpecException(
              "sampler.type", "unknown sampler '" + spec.type() + "'; use one of " + SamplerSpec.TYPES);
    };
  }
}
