package org.gistsweep.common.wire;

import java.util.Locale;

/**
 * Why the orchestrator sent a record of {@link Topics#EVENTS} to {@link Topics#DEAD_LETTERS}, as
 * the header {@link Topics#DEAD_LETTER_KIND_HEADER} names it (the free-text reason is in {@link
 * Topics#DEAD_LETTER_REASON_HEADER}). None of these is ever sent by an honest worker; what honest
 * operation produces (duplicates, stale attempts, reports on finished trials, unknown studies) is
 * fenced off without a dead letter.
 */
public enum DeadLetterKind {
  /** Not a message this build reads: not JSON, an unknown type, a newer schema, a missing field. */
  UNDECODABLE,
  /**
   * A well-formed message with a value no worker sends: not a worker report, a reserved, overlong
   * or unprintable worker id, a metric out of its range or not finite, an overlong string.
   */
  INVALID,
  /** The attempt token is missing or is not the attempt's. */
  TOKEN,
  /** No such trial in the study, or an attempt that was never issued. */
  UNKNOWN_ATTEMPT,
  /** From a worker other than the one that took the attempt. */
  WRONG_WORKER,
  /**
   * Out of the attempt's order: epochs or a finish before the attempt started, a finish of a trial
   * not RUNNING.
   */
  OUT_OF_ORDER,
  /**
   * Beyond the trial's epochs: an epoch, an epoch count or a best epoch past them, or fewer epochs
   * than reported.
   */
  OUT_OF_RANGE;

  /** The name as headers and metric tags write it, e.g. {@code wrong_worker}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
