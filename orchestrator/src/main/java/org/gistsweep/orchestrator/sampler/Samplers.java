package org.gistsweep.orchestrator.sampler;

import org.gistsweep.common.spec.SamplerSpec;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.trial.Direction;
import org.gistsweep.orchestrator.sampler.tpe.TpeOptions;
import org.gistsweep.orchestrator.sampler.tpe.TpeSampler;

/** Creates the sampler a sweep's {@code sampler} block names. */
public final class Samplers {
  private Samplers() {}

  /**
   * Creates a fresh sampler (one per study; samplers may cache per-space data).
   *
   * @param direction the study's objective direction (adaptive samplers rank trials by it)
   * @throws SpecException for a sampler type this build does not know
   */
  public static Sampler create(SamplerSpec spec, Direction direction) {
    return switch (spec.type()) {
      case "random" -> new RandomSampler(spec.seed());
      case "grid" -> new GridSampler();
      case "tpe" ->
          new TpeSampler(
              spec.seed(), direction, TpeOptions.defaults(), new RandomSampler(spec.seed()));
      default ->
          throw new SpecException(
              "sampler.type",
              "unknown sampler '" + spec.type() + "'; use one of " + SamplerSpec.TYPES);
    };
  }
}
