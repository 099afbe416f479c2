/**
 * A small toolkit for tests that run the product as real processes: {@link
 * org.gistsweep.cli.process.GistCli} builds {@code java -cp <test classpath> org.gistsweep.cli.Main
 * ...} command lines, {@link org.gistsweep.cli.process.ProcessGroup} owns the children of one test
 * (logs in one folder, everything killed on close or JVM exit), {@link
 * org.gistsweep.cli.process.ChildProcess} starts, kills (SIGKILL), terminates (SIGTERM) and
 * restarts one child with the same arguments, {@link org.gistsweep.cli.process.Readiness} says when
 * a start is done (a port, an HTTP endpoint, a log line), and {@link
 * org.gistsweep.testsupport.Waits} polls conditions with deadlines.
 */
package org.gistsweep.cli.process;
