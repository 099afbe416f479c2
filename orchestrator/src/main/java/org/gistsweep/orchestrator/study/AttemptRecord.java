package org.gistsweep.orchestrator.study;

import java.time.Instant;

/**
 * One attempt of a trial: who ran it, when, and how it ended. A trial that failed with a retriable
 * error (or whose worker went silent past its lease) ends the attempt and is issued again with the
 * next attempt number.
 *
 * @param attempt the attempt number, from 1
 * @param worker the worker that ran it, or {@code null} (never started, or an ask/tell client)
 * @param startedAt the first sign of life, or {@code null} if it never started
 * @param endedAt when it ended, or {@code null} while it runs or waits
 * @param outcome {@code WAITING}, {@code RUNNING}, {@code COMPLETE}, {@code PRUNED}, {@code FAILED}
 *     or {@code LEASE_EXPIRED} (the worker went silent; the trial was issued again if attempts were
 *     left)
 * @param reason the error message of a failed or expired attempt, else {@code null}; for a {@code
 *     SUSPENDED} attempt (handed back after an epoch with its checkpoint) why it was
 * @param resumedFrom the checkpoint this attempt was issued to resume from ({@code null}: from
 *     epoch 1)
 * @param resumeRefused why its worker refused that checkpoint (it trained from epoch 1), else
 *     {@code null}
 */
public record AttemptRecord(
    int attempt,
    String worker,
    Instant startedAt,
    Instant endedAt,
    String outcome,
    String reason,
    ResumedFrom resumedFrom,
    String resumeRefused) {
  /**
   * The outcome of an attempt handed back with a checkpoint (a suspend, or a promotion-ASHA rung).
   */
  public static final String SUSPENDED = "SUSPENDED";

  /**
   * Where an attempt resumed: the attempt that stored the checkpoint and the epoch it holds (the
   * attempt trains from {@code epoch + 1}).
   */
  public record ResumedFrom(int attempt, int epoch) {}

  /** An attempt that did not resume from a checkpoint. */
  public AttemptRecord(
      int attempt,
      String worker,
      Instant startedAt,
      Instant endedAt,
      String outcome,
      String reason) {
    this(attempt, worker, startedAt, endedAt, outcome, reason, null, null);
  }

  /** The error type the orchestrator records when a worker's lease expires. */
  public static final String WORKER_LOST = "worker_lost";

  /** The outcome of an attempt that ended with {@code error}. */
  static String failureOutcome(TrialError error) {
    return WORKER_LOST.equals(error.type()) ? "LEASE_EXPIRED" : "FAILED";
  }
}
