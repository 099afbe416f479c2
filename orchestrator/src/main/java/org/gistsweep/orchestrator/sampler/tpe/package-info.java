/**
 * Tree-structured Parzen Estimator: {@link org.gistsweep.orchestrator.sampler.tpe.TpeSampler} and
 * its pure pieces (Parzen mixtures, truncated normals, bandwidths, trial split, group
 * decomposition), with the estimators' state kept across asks (trial table, kernel sets, sorted
 * columns) and updated by difference. Imports only java.*, common, the sampler API and Smile
 * (Gaussian cdf/quantile); checked by an ArchUnit test.
 */
package org.gistsweep.orchestrator.sampler.tpe;
