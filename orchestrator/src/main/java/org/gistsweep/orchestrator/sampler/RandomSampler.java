package org.gistsweep.orchestrator.sampler;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.gistsweep.common.spec.CategoricalDistribution;
import org.gistsweep.common.spec.Distribution;
import org.gistsweep.common.spec.FloatDistribution;
import org.gistsweep.common.spec.IntDistribution;
import org.gistsweep.common.spec.ParameterSpec;
import org.gistsweep.common.spec.SearchSpace;

/**
 * Independent uniform sampling. The suggestion for trial n is a function of (seed, n) only: each
 * trial gets its own {@link SplittableRandom} seeded from a mix of both, so the order or thread in
 * which trials are sampled does not matter.
 *
 * <p>Float: uniform, or log-uniform when {@code log}, or uniform over the grid {@code low +
 * k*step}. Int: uniform over {@code low, low+step, ..}; log ints are drawn log-uniformly over
 * [low-0.5, high+0.5] and rounded, as Optuna does. Categorical: uniform over the choices.
 */
final class RandomSampler implements Sampler {
  private final long seed;

  RandomSampler(long seed) {
    this.seed = seed;
  }

  @Override
  public Map<String, Object> suggest(
      SearchSpace space, int trialNumber, List<? extends ObservedTrial> history) {
    SplittableRandom random = new SplittableRandom(mix(seed, trialNumber));
    Map<String, Object> chosen = new LinkedHashMap<>();
    for (ParameterSpec p : space.parameters()) {
      if (p.isActive(chosen)) {
        chosen.put(p.name(), draw(p.distribution(), random));
      }
    }
    return Collections.unmodifiableMap(chosen);
  }

  @Override
  public OptionalLong size(SearchSpace space) {
    return OptionalLong.empty();
  }

  @Override
  public String type() {
    return "random";
  }

  static Object draw(Distribution d, SplittableRandom random) {
    if (d instanceof FloatDistribution f) {
      if (f.step() > 0) {
        long k = random.nextLong(Grids.floatSteps(f));
        return f.toExternal(f.low() + k * f.step());
      }
      if (f.log()) {
        double v = Math.exp(random.nextDouble(Math.log(f.low()), Math.log(f.high())));
        return Math.min(f.high(), Math.max(f.low(), v));
      }
      return random.nextDouble(f.low(), f.high());
    }
    if (d instanceof IntDistribution i) {
      if (i.log()) {
        double v = Math.exp(random.nextDouble(Math.log(i.low() - 0.5), Math.log(i.high() + 0.5)));
        return Math.min(i.high(), Math.max(i.low(), Math.round(v)));
      }
      return i.low() + random.nextLong(i.size()) * i.step();
    }
    CategoricalDistribution c = (CategoricalDistribution) d;
    return c.choices().get(random.nextInt(c.choices().size()));
  }

  /**
   * SplitMix64 finaliser over the seed and the trial number: nearby inputs give unrelated seeds.
   */
  static long mix(long seed, long trialNumber) {
    long z = seed * 0x9E3779B97F4A7C15L + (trialNumber + 1) * 0xD1B54A32D192ED03L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
