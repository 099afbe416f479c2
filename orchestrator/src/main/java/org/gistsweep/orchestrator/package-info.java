/**
 * The GIST Sweep orchestrator as one object ({@link org.gistsweep.orchestrator.Orchestrator}): it
 * keeps study state, samples and publishes trials over Kafka, folds the workers' events into the
 * studies, and serves the HTTP API and live leaderboard.
 */
package org.gistsweep.orchestrator;
