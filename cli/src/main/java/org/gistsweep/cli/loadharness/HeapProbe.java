package org.gistsweep.cli.loadharness;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap in use after full collections: {@code System.gc()} (a full, stop-the-world collection with
 * the JVM's default G1 settings) three times, then the heap's used bytes. Only meaningful while
 * nothing else allocates much, so the harness calls it between studies.
 */
final class HeapProbe {
  private HeapProbe() {}

  /** Bytes of heap in use after collecting. */
  static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
