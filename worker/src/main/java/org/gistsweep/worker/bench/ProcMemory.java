package org.gistsweep.worker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process from {@code /proc/self/status} (Linux), in MiB (NaN elsewhere),
 * and its CPU time.
 */
final class ProcMemory {
  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcMemory() {}

  /** Current resident set size ({@code VmRSS}). */
  static double rssMb() {
    return field("VmRSS:");
  }

  /** Peak resident set size so far ({@code VmHWM}). */
  static double peakRssMb() {
    return field("VmHWM:");
  }

  /** CPU time of this process so far (all threads, user + system), in seconds; NaN if unknown. */
  static double cpuSeconds() {
    return ProcessHandle.current()
        .info()
        .totalCpuDuration()
        .map(d -> d.toNanos() / 1e9)
        .orElse(Double.NaN);
  }

  private static double field(String name) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(name)) {
          String[] parts = line.substring(name.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) / 1024.0; // kB
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
