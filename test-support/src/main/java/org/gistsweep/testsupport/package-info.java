/**
 * Test support shared by every module: one probe per optional outside tool that a test uses ({@link
 * org.gistsweep.testsupport.Tool}), and the ways a test states that it needs one ({@link
 * org.gistsweep.testsupport.RequiresTool}, {@link org.gistsweep.testsupport.Tools#assume}). A test
 * may fail only when the tool works and the project is wrong, never because a tool is absent or
 * broken. Also {@link org.gistsweep.testsupport.PrometheusText}, which reads a {@code /metrics}
 * scrape for the orchestrator's and the command line's tests.
 */
package org.gistsweep.testsupport;
