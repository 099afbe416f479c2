/**
 * The study owner: runs every study mutation on one Vert.x context, samples off the event loop and
 * publishes assignments through a {@link org.gistsweep.orchestrator.kafka.TrialPublisher}.
 */
package org.gistsweep.orchestrator.service;
