/**
 * Pruners: pure decisions (java.* and common only) whether a running trial should stop at the step
 * it just reported, given the intermediate values of every trial in its study. Median, percentile,
 * asynchronous successive halving (ASHA) and Hyperband, each also for several objectives through
 * non-dominated ranking ({@link org.gistsweep.orchestrator.pruner.Pareto}), which Optuna cannot do.
 * Create them with {@link org.gistsweep.orchestrator.pruner.Pruners}.
 */
package org.gistsweep.orchestrator.pruner;
