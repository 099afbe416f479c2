package org.gistsweep.orchestrator.sampler;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.gistsweep.common.spec.SearchSpace;
import org.gistsweep.common.spec.SpecException;

/**
 * Proposes the parameters of a trial. Implementations are pure functions of (their seed, the space,
 * the trial number, the history): no I/O, no clock, no hidden global random state, so a study's
 * suggestions do not depend on the number of workers or on timing.
 *
 * <p>Suggestions are made off the event loop; a sampler may be slow (TPE), but it must be safe to
 * call from any single thread at a time.
 */
public interface Sampler {

  /**
   * Suggests the parameters of trial {@code trialNumber}.
   *
   * @param space the study's search space; parameters are chosen in declaration order and a
   *     conditional parameter is present only when its {@code when} holds
   * @param trialNumber the number the new trial will get, from 0
   * @param history the study's other trials, in trial-number order (adaptive samplers use it;
   *     random and grid ignore it)
   * @return parameter name to value: {@code Double} for float, {@code Long} for int, the choice
   *     itself for categorical
   */
  Map<String, Object> suggest(
      SearchSpace space, int trialNumber, List<? extends ObservedTrial> history);

  /**
   * Checks that this sampler can search {@code space} and says how many distinct suggestions it
   * has. Called when a study is created, so a bad combination fails there, not mid-study.
   *
   * @return the number of distinct suggestions, or empty when unbounded
   * @throws SpecException naming the parameter that this sampler cannot handle
   */
  OptionalLong size(SearchSpace space);

  /** The {@code sampler.type} name, e.g. {@code random}. */
  String type();
}
