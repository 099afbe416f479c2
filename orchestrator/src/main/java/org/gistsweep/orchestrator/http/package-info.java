/**
 * The HTTP API, Server-Sent Events and the leaderboard page, plus {@link
 * org.gistsweep.orchestrator.http.StudyJson}, the JSON form shared with the CLI's study.json.
 */
package org.gistsweep.orchestrator.http;
