package org.gistsweep.orchestrator.testing;

import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.Heartbeat;
import org.gistsweep.common.wire.TrialFailed;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;

/** Worker events for tests, with plausible numbers. */
public final class Events {
  /** The worker that started each (study, trial, attempt): its later reports come from it too. */
  private static final java.util.Map<String, String> STARTED_BY = new java.util.concurrent.ConcurrentHashMap<>();

  private Events() {}

  private static String worker(String study, int trial, int attempt) {
    return STARTED_BY.getOrDefault(study + "/" + trial + "/" + attempt, "w1");
  }

  public static TrialStarted started(String study, int trial, int attempt, String worker) {
    STARTED_BY.put(study + "/" + trial + "/" + attempt, worker);
    return new TrialStarted(1, study, trial, attempt, 1L, worker, 1_000L, 5_000_000L, 192L, "cpu()");
  }

  public static EpochMetrics epoch(String study, int trial, int attempt, int epoch, double valTop1) {
    return epoch(study, trial, attempt, epoch, valTop1, 1.0 / epoch);
  }

  public static EpochMetrics epoch(String study, int trial, int attempt, int epoch, double valTop1, double trainLoss) {
    return new EpochMetrics(1, study, trial, attempt, 2L, worker(study, trial, attempt), epoch, trainLoss, 0.5, 0.4, 0.1, 0.1, valTop1, 1e-3, 2.5, 150.0);
  }

  public static Heartbeat heartbeat(String study, int trial, int attempt) {
    return new Heartbeat(1, study, trial, attempt, 3L, worker(study, trial, attempt));
  }

  public static TrialFinished finished(String study, int trial, int attempt, double best, int epochs) {
    return new TrialFinished(1, study, trial, attempt, 4L, worker(study, trial, attempt), TrialFinished.COMPLETE, best, epochs, best, epochs, 1_000L, 5_000_000L);
  }

  public static TrialFinished pruned(String study, int trial, int attempt, double best, int epochs) {
    return new TrialFinished(1, study, trial, attempt, 4L, worker(study, trial, attempt), TrialFinished.PRUNED, best, epochs, best, epochs, 1_000L, 5_000_000L);
  }

  public static TrialFailed failed(String study, int trial, int attempt, boolean retriable) {
    return new TrialFailed(1, study, trial, attempt, 5L, worker(study, trial, attempt), retriable ? "worker_lost" : "diverged", "boom", retriable);
  }
}
