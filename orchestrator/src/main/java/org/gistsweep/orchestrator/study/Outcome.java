package org.gistsweep.orchestrator.study;

import org.gistsweep.common.wire.DeadLetterKind;
import org.gistsweep.common.wire.TrialAssignment;

/**
 * What applying one message did to a study.
 *
 * @param kind the effect
 * @param trial the trial after the message ({@code null} when the message was ignored)
 * @param republish for {@link Kind#RETRY}: the assignment of the next attempt, to publish
 * @param reason for {@link Kind#IGNORED}: why, for logs and the study's ignored list; for {@link
 *     Kind#REJECTED}: why, for the dead-letter record
 * @param rejectedAs for {@link Kind#REJECTED}: what kind of message no honest worker sends it is
 */
public record Outcome(
    Kind kind,
    TrialSnapshot trial,
    TrialAssignment republish,
    String reason,
    DeadLetterKind rejectedAs) {

  /** The effect of a message. */
  public enum Kind {
    /** The trial changed and is still live. */
    CHANGED,
    /** The trial reached COMPLETE, PRUNED or FAILED. */
    FINISHED,
    /**
     * The attempt failed and the trial is WAITING for its next attempt; publish {@code republish}.
     */
    RETRY,
    /** Accepted but nothing visible changed (e.g. a heartbeat). */
    UNCHANGED,
    /** Fenced off: stale, duplicate or too late, as honest operation produces; nothing changed. */
    IGNORED,
    /**
     * Refused as no honest worker sends it (a failed check, a missing or wrong token, another
     * worker's report, out of order or range): nothing changed, nothing is recorded; it belongs in
     * the dead-letter topic.
     */
    REJECTED
  }

  static Outcome changed(TrialSnapshot trial) {
    return new Outcome(Kind.CHANGED, trial, null, null, null);
  }

  static Outcome finished(TrialSnapshot trial) {
    return new Outcome(Kind.FINISHED, trial, null, null, null);
  }

  static Outcome retry(TrialSnapshot trial, TrialAssignment next) {
    return new Outcome(Kind.RETRY, trial, next, null, null);
  }

  static Outcome unchanged(TrialSnapshot trial) {
    return new Outcome(Kind.UNCHANGED, trial, null, null, null);
  }

  static Outcome ignored(String reason) {
    return new Outcome(Kind.IGNORED, null, null, reason, null);
  }

  static Outcome rejected(DeadLetterKind kind, String reason) {
    return new Outcome(Kind.REJECTED, null, null, reason, kind);
  }

  /** Whether the trial's visible state changed. */
  public boolean changed() {
    return kind == Kind.CHANGED || kind == Kind.FINISHED || kind == Kind.RETRY;
  }
}
