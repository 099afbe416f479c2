package org.gistsweep.common.spec;

import java.util.List;

/**
 * Which pruner stops unpromising trials early, and its options. Parsed from the optional {@code
 * pruner:} mapping of a sweep file (or an ask/tell study); absent means {@code none}.
 *
 * <pre>
 * pruner: {type: median, n_startup_trials: 5, n_warmup_steps: 0}
 * pruner: {type: percentile, percentile: 25.0}
 * pruner: {type: asha, min_resource: 1, reduction_factor: 3}
 * pruner: {type: asha, mode: promotion}
 * pruner: {type: hyperband, min_resource: 1, max_resource: 27, reduction_factor: 3}
 * </pre>
 *
 * Steps are 1-based epochs (or the {@code step} of an ask/tell report).
 *
 * @param type one of {@link #TYPES}
 * @param nStartupTrials median/percentile: no pruning until this many trials are COMPLETE
 * @param nWarmupSteps median/percentile: no pruning at steps below this
 * @param nMinTrials median/percentile: at least this many COMPLETE trials must have a value at the
 *     step being judged
 * @param percentile percentile: the cut, in [0, 100]; 50 for median
 * @param minResource asha/hyperband: the first rung's step (r)
 * @param reductionFactor asha/hyperband: eta, at least 2
 * @param minEarlyStoppingRate asha: s, so rungs sit at r * eta^(s + k)
 * @param maxResource hyperband: the largest step a trial trains; 0 = the trial's epochs
 * @param mode asha: {@link #STOPPING} (the default: a trial that is not in the top 1/eta at a rung
 *     is stopped) or {@link #PROMOTION} (Li et al. 2020: trials pause at each rung and the best are
 *     promoted, resuming from their checkpoint); {@link #STOPPING} for the other types
 */
public record PrunerSpec(
    String type,
    int nStartupTrials,
    int nWarmupSteps,
    int nMinTrials,
    double percentile,
    int minResource,
    int reductionFactor,
    int minEarlyStoppingRate,
    int maxResource,
    String mode) {

  /** The pruner types this build knows. */
  public static final List<String> TYPES =
      List.of("none", "median", "percentile", "asha", "hyperband");

  /** ASHA mode: stop a trial that is not in the top 1/eta at a rung (the default). */
  public static final String STOPPING = "stopping";

  /** ASHA mode: pause every trial at a rung and promote the best (Li et al. 2020). */
  public static final String PROMOTION = "promotion";

  /** No pruning: every trial trains to the end. */
  public static final PrunerSpec NONE = defaults("none");

  public PrunerSpec {
    if (!TYPES.contains(type)) {
      throw new SpecException("pruner.type", "unknown pruner '" + type + "'; use one of " + TYPES);
    }
    mode = mode == null ? STOPPING : mode;
    if (!STOPPING.equals(mode) && !PROMOTION.equals(mode)) {
      throw new SpecException("pruner.mode", "must be stopping or promotion, got '" + mode + "'");
    }
    if (PROMOTION.equals(mode) && !"asha".equals(type)) {
      throw new SpecException(
          "pruner.mode", "promotion is a mode of the asha pruner, not of " + type);
    }
    if (!(percentile >= 0 && percentile <= 100)) {
      throw new SpecException("pruner.percentile", "must be in [0, 100], got " + percentile);
    }
    if (reductionFactor < 2) {
      throw new SpecException(
          "pruner.reduction_factor", "must be a whole number >= 2, got " + reductionFactor);
    }
    if (nStartupTrials < 0 || nWarmupSteps < 0 || minEarlyStoppingRate < 0 || maxResource < 0) {
      throw new SpecException("pruner", "counts and steps must not be negative");
    }
    if (nMinTrials < 1 || minResource < 1) {
      throw new SpecException(
          nMinTrials < 1 ? "pruner.n_min_trials" : "pruner.min_resource", "must be >= 1");
    }
    if (maxResource > 0 && maxResource < minResource) {
      throw new SpecException(
          "pruner.max_resource",
          "must be >= min_resource (" + minResource + "), got " + maxResource);
    }
  }

  /** A pruner in mode {@link #STOPPING} (every type but asha has no other). */
  public PrunerSpec(
      String type,
      int nStartupTrials,
      int nWarmupSteps,
      int nMinTrials,
      double percentile,
      int minResource,
      int reductionFactor,
      int minEarlyStoppingRate,
      int maxResource) {
    this(
        type,
        nStartupTrials,
        nWarmupSteps,
        nMinTrials,
        percentile,
        minResource,
        reductionFactor,
        minEarlyStoppingRate,
        maxResource,
        STOPPING);
  }

  /**
   * A pruner of {@code type} with the defaults: Optuna's for median/percentile (5 startup trials,
   * no warm-up, 1 minimum trial, percentile 50), eta 3 and min resource 1 for asha/hyperband
   * (Optuna's successive-halving default eta is 4), max resource = the trial's epochs.
   */
  public static PrunerSpec defaults(String type) {
    return new PrunerSpec(type, 5, 0, 1, 50.0, 1, 3, 0, 0);
  }

  /** Whether this spec prunes at all. */
  public boolean enabled() {
    return !"none".equals(type);
  }

  /** Whether this is promotion ASHA: trials pause at rungs and the best are promoted. */
  public boolean promotes() {
    return PROMOTION.equals(mode);
  }
}
