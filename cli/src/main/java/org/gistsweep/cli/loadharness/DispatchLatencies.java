package org.gistsweep.cli.loadharness;

import java.util.Arrays;

/**
 * Dispatch latency samples, in milliseconds: from the moment the orchestrator recorded the attempt
 * as WAITING (the assignment's {@code sent_at}, stamped by {@code Study.createTrial} from the
 * orchestrator's clock) to the moment a simulated worker's {@code poll()} returned the record (its
 * share-group acquisition), read from the same wall clock in the same JVM. Samples are split into
 * the burst (the first {@code parallel} trials of a study, all created at submit) and steady state
 * (trials created as others finish). Thread-safe; {@link #drain()} takes the samples so far.
 */
final class DispatchLatencies {
  private final int burstTrials;
  private long[] burst = new long[1024];
  private long[] steady = new long[1024];
  private int burstCount;
  private int steadyCount;

  /**
   * @param burstTrials trials numbered below this (attempt 1) count as the study's start burst
   */
  DispatchLatencies(int burstTrials) {
    this.burstTrials = burstTrials;
  }

  /** Records one hand-out. */
  synchronized void record(int trial, int attempt, long millis) {
    if (trial < burstTrials && attempt == 1) {
      if (burstCount == burst.length) {
        burst = Arrays.copyOf(burst, burst.length * 2);
      }
      burst[burstCount++] = millis;
    } else {
      if (steadyCount == steady.length) {
        steady = Arrays.copyOf(steady, steady.length * 2);
      }
      steady[steadyCount++] = millis;
    }
  }

  /** The samples recorded since the last drain, and starts afresh. */
  synchronized Samples drain() {
    Samples s = new Samples(Arrays.copyOf(burst, burstCount), Arrays.copyOf(steady, steadyCount));
    burstCount = 0;
    steadyCount = 0;
    return s;
  }

  /** Burst and steady-state samples of one stage. */
  record Samples(long[] burst, long[] steady) {
    /** Every sample. */
    long[] all() {
      long[] out = Arrays.copyOf(burst, burst.length + steady.length);
      System.arraycopy(steady, 0, out, burst.length, steady.length);
      return out;
    }
  }
}
