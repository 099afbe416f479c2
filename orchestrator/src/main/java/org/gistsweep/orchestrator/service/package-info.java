/**
 * The study owner: runs every study mutation on one Vert.x context, samples off the event loop and
 * records every change in a {@link org.gistsweep.orchestrator.journal.StudyLog} together with the
 * assignments and controls it sends, and rebuilds its studies from that journal at start.
 */
package org.gistsweep.orchestrator.service;
