package org.gistsweep.worker.runtime;

/**
 * Where a {@link WorkerNode} reports what it does, for monitoring: a port, so the runtime stays
 * free of any metrics library ({@code org.gistsweep.worker.metrics} has the Micrometer adapter).
 * Calls come from the poll and training threads; implementations must be cheap and thread-safe.
 */
public interface WorkerMetrics {

  /** The share consumer polled successfully ({@code true}: it has joined its group) or failed. */
  void consumerPolled(boolean ok);

  /** This worker now runs {@code attempt} of {@code study}/{@code trial}. */
  void trialStarted(String study, int trial, int attempt);

  /** One epoch trained. */
  void epochTrained(double epochSeconds, double imagesPerSecond);

  /**
   * The attempt ended: {@code complete}, {@code pruned}, {@code failed}, or {@code stopped} (handed
   * back or cancelled); the worker is idle again.
   */
  void trialEnded(String outcome);

  /** Reports nothing. */
  WorkerMetrics NONE =
      new WorkerMetrics() {
        @Override
        public void consumerPolled(boolean ok) {}

        @Override
        public void trialStarted(String study, int trial, int attempt) {}

        @Override
        public void epochTrained(double epochSeconds, double imagesPerSecond) {}

        @Override
        public void trialEnded(String outcome) {}
      };
}
