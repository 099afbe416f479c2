package org.gistsweep.orchestrator.study;

import java.util.List;

/**
 * The one line a person reads about how a trial's current attempt started: "resumed at epoch 4
 * (checkpoint of attempt 2) after worker w-3 was lost", or why its checkpoint was refused. Pure;
 * the study JSON's {@code resume_note}, shown by the console and the CLI's leaderboard.
 */
public final class ResumeNote {
  private ResumeNote() {}

  /**
   * The note of the latest attempt of {@code attempts} (oldest first), or {@code null} when it did
   * not resume from a checkpoint.
   */
  public static String of(List<AttemptRecord> attempts) {
    if (attempts.isEmpty()) {
      return null;
    }
    AttemptRecord current = attempts.get(attempts.size() - 1);
    AttemptRecord.ResumedFrom from = current.resumedFrom();
    if (from == null) {
      return null;
    }
    String after = attempts.size() < 2 ? "" : " " + after(attempts.get(attempts.size() - 2));
    if (current.resumeRefused() != null) {
      return "checkpoint of epoch "
          + from.epoch()
          + " refused ("
          + current.resumeRefused()
          + "): trained again from epoch 1"
          + after;
    }
    return "resumed at epoch "
        + (from.epoch() + 1)
        + " (checkpoint of attempt "
        + from.attempt()
        + ")"
        + after;
  }

  /** Why the previous attempt ended, as the tail of the note. */
  private static String after(AttemptRecord previous) {
    String worker = previous.worker() == null ? "its worker" : "worker " + previous.worker();
    return switch (previous.outcome()) {
      case "LEASE_EXPIRED" -> "after " + worker + " was lost";
      case AttemptRecord.SUSPENDED ->
          previous.reason() != null && previous.reason().contains("rung")
              ? "after its promotion from the rung"
              : "after it was suspended";
      case "FAILED" -> "after attempt " + previous.attempt() + " failed on " + worker;
      default -> "after attempt " + previous.attempt() + " ended " + previous.outcome();
    };
  }
}
