package org.gistsweep.common.spec;

/**
 * How much a sweep may run.
 *
 * @param trials trials to finish in total
 * @param parallel trials that may run at once (at most this many are queued for workers)
 * @param epochs epochs per trial unless {@code training} or the space sets {@code epochs}
 * @param maxAttempts how many times a trial whose worker was lost is issued before it fails
 */
public record Budget(int trials, int parallel, int epochs, int maxAttempts) {}
