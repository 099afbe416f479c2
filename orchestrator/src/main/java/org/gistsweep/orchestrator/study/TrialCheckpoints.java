package org.gistsweep.orchestrator.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.common.wire.ResumePoint;

/**
 * The epoch checkpoints one trial's attempts stored, as the journal says: every one recorded (from
 * {@code EpochMetrics.checkpoint} or {@code TrialSuspended}), the latest one (from which the next
 * attempt resumes), and which were deleted from the store since. Owned by its {@link Trial};
 * mutated only on the study's thread.
 */
final class TrialCheckpoints {
  /** {@code ArtifactsDeleted.reason} of a checkpoint that a newer one of the trial replaced. */
  static final String SUPERSEDED = "checkpoint_superseded";

  /**
   * {@code ArtifactsDeleted.reason} of the checkpoints of a trial that ended (they are not its kept
   * weights).
   */
  static final String TRIAL_ENDED = "checkpoint_trial_ended";

  /** Recorded checkpoints by key, in the order they were recorded. */
  private final Map<String, ResumePoint> recorded = new LinkedHashMap<>();

  private final Map<String, String> deleted = new LinkedHashMap<>();
  private ResumePoint latest;

  /**
   * Whether the ended trial's attempts were swept for checkpoints they stored but never reported.
   */
  private boolean swept;

  static boolean isCheckpointReason(String reason) {
    return SUPERSEDED.equals(reason) || TRIAL_ENDED.equals(reason);
  }

  /** Records the checkpoint {@code attempt} stored after {@code epoch}; it becomes the latest. */
  void record(ArtifactRef ref, int epoch, int attempt) {
    ResumePoint point = ResumePoint.of(ref, epoch, attempt);
    recorded.putIfAbsent(ref.key(), point);
    latest = point;
  }

  /** The checkpoint the next attempt resumes from, or {@code null}. */
  ResumePoint latest() {
    return latest;
  }

  /**
   * The attempt refused the latest checkpoint (or ignored it): no attempt resumes from it again.
   */
  void dropLatest() {
    latest = null;
  }

  void deleted(List<String> keys, String reason) {
    keys.forEach(k -> deleted.putIfAbsent(k, reason));
    if (TRIAL_ENDED.equals(reason)) {
      swept = true;
    }
  }

  /**
   * What the store still holds and may lose: while the trial is not finished, every recorded
   * checkpoint but the latest; once it is, all of them, and a sweep of its attempts' folders when
   * it has not been swept (an attempt may have stored one it never reported).
   */
  CheckpointView view(boolean finished, int attempts) {
    List<String> stale = new ArrayList<>();
    recorded.forEach(
        (key, p) -> {
          // by key: a hand-back names the checkpoint its last epoch report already named (a new
          // ResumePoint, the same file)
          if (!deleted.containsKey(key)
              && (finished || latest == null || !key.equals(latest.key()))) {
            stale.add(key);
          }
        });
    boolean sweep = finished && !swept && (!recorded.isEmpty() || attempts > 1);
    return new CheckpointView(finished ? null : latest, stale, sweep);
  }
}
