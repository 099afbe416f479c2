package org.gistsweep.cli.loadharness;

/**
 * CPU nanoseconds used over an interval, by owner (see {@link CpuMeter} for how threads are told
 * apart).
 *
 * @param orchestrator the orchestrator's threads, these two included
 * @param eventsConsumer the orchestrator's one event-consumer thread (poll, decode, commit)
 * @param studyOwner the orchestrator's Vert.x event-loop threads (applying events, dispatch)
 * @param harness the simulated workers and the harness's own clients
 * @param otherJava every other Java thread: the in-JVM broker, JIT compilers
 * @param process the whole JVM process
 * @param machine every core of the machine, all processes; -1 when unknown
 * @param wallNanos the interval's wall time
 */
public record CpuUsage(
    long orchestrator,
    long eventsConsumer,
    long studyOwner,
    long harness,
    long otherJava,
    long process,
    long machine,
    long wallNanos) {

  /** Process CPU not on any Java thread: garbage collection and VM threads. */
  public long gcAndVm() {
    return Math.max(0, process - orchestrator - harness - otherJava);
  }

  /** Busy CPU of other processes on the machine, or -1 when unknown. */
  public long otherProcesses() {
    return machine < 0 ? -1 : Math.max(0, machine - process);
  }

  /** This interval followed by {@code o}. */
  public CpuUsage plus(CpuUsage o) {
    return new CpuUsage(
        orchestrator + o.orchestrator,
        eventsConsumer + o.eventsConsumer,
        studyOwner + o.studyOwner,
        harness + o.harness,
        otherJava + o.otherJava,
        process + o.process,
        machine < 0 || o.machine < 0 ? -1 : machine + o.machine,
        wallNanos + o.wallNanos);
  }
}
