package org.gistsweep.orchestrator.study;

/**
 * Why an attempt of a trial failed.
 *
 * @param type short machine-readable kind, e.g. {@code diverged} or {@code publish}
 * @param message what happened, for people
 * @param retriable whether running the trial again could help
 */
public record TrialError(String type, String message, boolean retriable) {}
