package org.gistsweep.orchestrator.sampler;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.gistsweep.common.spec.SearchSpace;

/**
 * Exhaustive search: trial n gets the n-th combination of the space (see {@link Grid} for the
 * order). Every float parameter needs a {@code step}. A study using it never creates more trials
 * than {@link #size(SearchSpace)}.
 */
final class GridSampler implements Sampler {
  private Grid grid;

  @Override
  public synchronized Map<String, Object> suggest(
      SearchSpace space, int trialNumber, List<? extends ObservedTrial> history) {
    return grid(space).combination(trialNumber);
  }

  @Override
  public synchronized OptionalLong size(SearchSpace space) {
    return OptionalLong.of(grid(space).size());
  }

  @Override
  public String type() {
    return "grid";
  }

  private Grid grid(SearchSpace space) {
    if (grid == null || !grid.space().equals(space)) {
      grid = new Grid(space);
    }
    return grid;
  }
}
