/**
 * Samplers: pure functions of (seed, space, trial number, history) that propose trial parameters.
 * Imports only java.* and common (checked by an ArchUnit test).
 */
package org.gistsweep.orchestrator.sampler;
