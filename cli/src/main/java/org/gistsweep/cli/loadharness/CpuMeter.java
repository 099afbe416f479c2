package org.gistsweep.cli.loadharness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the CPU went, by thread name: the orchestrator's threads (event consumer, study owner's
 * Vert.x threads, trial publisher, observer, its producer), the harness's (simulated workers, their
 * share-consumer background threads, producers, control reader, meter), and every other Java thread
 * (the in-JVM broker, JIT). The process total adds GC; the machine total (from {@code /proc/stat})
 * shows what other processes took on a shared machine.
 */
final class CpuMeter {
  /** Assumed {@code USER_HZ} of {@code /proc/stat}. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> lastCpu = new HashMap<>();

  private long lastProcess;
  private long lastMachine;
  private long lastWall;

  CpuMeter() {
    if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
      threads.setThreadCpuTimeEnabled(true);
    }
    read();
  }

  /** The usage since the previous call. */
  synchronized CpuUsage read() {
    long orchestrator = 0;
    long consumer = 0;
    long owner = 0;
    long harness = 0;
    long other = 0;
    long[] ids = threads.getAllThreadIds();
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    Map<Long, Long> now = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      long cpu = threads.getThreadCpuTime(ids[i]);
      if (infos[i] == null || cpu < 0) {
        continue;
      }
      now.put(ids[i], cpu);
      long delta = cpu - lastCpu.getOrDefault(ids[i], 0L);
      String name = infos[i].getThreadName();
      if (isOrchestrator(name)) {
        orchestrator += delta;
        if (name.startsWith("gist-events-consumer")) {
          consumer += delta;
        } else if (name.startsWith("vert.x-eventloop")) {
          owner += delta;
        }
      } else if (isHarness(name)) {
        harness += delta;
      } else {
        other += delta;
      }
    }
    lastCpu.clear();
    lastCpu.putAll(now);
    long process = processCpu();
    long machine = machineBusy();
    long wall = System.nanoTime();
    CpuUsage u =
        new CpuUsage(
            orchestrator,
            consumer,
            owner,
            harness,
            other,
            process - lastProcess,
            machine < 0 || lastMachine < 0 ? -1 : machine - lastMachine,
            wall - lastWall);
    lastProcess = process;
    lastMachine = machine;
    lastWall = wall;
    return u;
  }

  static boolean isOrchestrator(String name) {
    return name.startsWith("gist-events-consumer")
        || name.startsWith("gist-trial-publisher")
        || name.startsWith("gist-study-observers")
        || name.startsWith("vert.x-")
        || name.contains("gist-orchestrator");
  }

  static boolean isHarness(String name) {
    return name.contains("gist-load-") || name.startsWith("consumer_background_thread");
  }

  private static long processCpu() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getProcessCpuTime()
        : -1;
  }

  /** Busy CPU of the whole machine (all cores) in nanoseconds since boot, or -1. */
  private static long machineBusy() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return (total - idle) * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
