package org.gistsweep.orchestrator.sampler;

import org.gistsweep.common.spec.ParameterSpec;
import org.gistsweep.common.spec.SearchSpace;
import org.gistsweep.common.spec.SpecException;

/**
 * What a grid over a space would hold, for limits checked before a study exists: every answer is
 * O(1) per parameter and lists nothing, whatever the ranges. The exact number of combinations of a
 * conditional space is the grid sampler's {@link Sampler#size}.
 */
public final class GridCounts {
  private GridCounts() {}

  /**
   * The number of values parameter {@code p} takes on a grid.
   *
   * @throws SpecException naming {@code space.<name>.step} for a float without a step
   */
  public static long values(ParameterSpec p) {
    return Grids.count(p);
  }

  /**
   * The product of every parameter's number of values, or {@link Long#MAX_VALUE} when it does not
   * fit a long: the number of combinations of an unconditional space, and an upper bound for a
   * conditional one (a combination leaves an inactive parameter out, so it never has more).
   *
   * @throws SpecException for a float without a step
   */
  public static long upperBound(SearchSpace space) {
    long product = 1;
    for (ParameterSpec p : space.parameters()) {
      long n = values(p);
      if (product > Long.MAX_VALUE / n) {
        return Long.MAX_VALUE;
      }
      product *= n;
    }
    return product;
  }

  /**
   * Whether some parameter has a condition ({@code when}), so the grid may be smaller than {@link
   * #upperBound}.
   */
  public static boolean conditional(SearchSpace space) {
    return space.parameters().stream().anyMatch(p -> !p.when().isEmpty());
  }
}
