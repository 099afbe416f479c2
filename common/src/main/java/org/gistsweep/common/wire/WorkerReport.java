package org.gistsweep.common.wire;

/**
 * A message a worker sends about the attempt it runs, on {@link Topics#EVENTS}: {@link
 * TrialStarted}, {@link EpochMetrics}, {@link Heartbeat}, {@link TrialFinished}, {@link
 * TrialFailed} or {@link TrialSuspended}.
 *
 * <p>Every report names its sender ({@link #worker()}) and echoes the {@link #attemptToken()} of
 * the {@link TrialAssignment} it reports on. The orchestrator takes the attempt's worker from its
 * first accepted report (a {@code trial_started}, or a heartbeat sent while the model loads) and
 * refuses reports of that attempt from any other worker, reports without the token or with another
 * one (compared in constant time), and the worker id {@code orchestrator}, which is reserved for
 * the failures the orchestrator records itself (an expired lease). {@link WorkerReportChecks} lists
 * the value ranges a report must respect.
 */
public sealed interface WorkerReport extends WireMessage
    permits TrialStarted, EpochMetrics, Heartbeat, TrialFinished, TrialFailed, TrialSuspended {

  /** The id of the worker that sent it. */
  String worker();

  /**
   * The {@link TrialAssignment#attemptToken()} of the attempt, or {@code null} from a worker older
   * than attempt tokens (accepted only for studies recovered from a journal without tokens).
   */
  String attemptToken();
}
