/**
 * The study core: the trial state machine, fencing of worker messages, dispatch decisions and
 * immutable snapshots. Pure and single-threaded; imports only java.*, common and the sampler's
 * history type.
 */
package org.gistsweep.orchestrator.study;
