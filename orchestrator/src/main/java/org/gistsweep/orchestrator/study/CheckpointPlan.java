package org.gistsweep.orchestrator.study;

import java.util.ArrayList;
import java.util.List;

/**
 * Which epoch checkpoints are due for deletion: a pure function of the study as its journal gives
 * it, so a restarted orchestrator deletes the same. Only the latest checkpoint of a trial that is
 * not finished is kept (its next attempt resumes from it); an ended trial keeps none (its kept
 * weights are {@code best.safetensors}, not checkpoints) and its attempt folders are swept once for
 * checkpoints an attempt stored but never reported.
 */
public final class CheckpointPlan {
  /** {@code ArtifactsDeleted.reason} of superseded checkpoints. */
  public static final String SUPERSEDED = TrialCheckpoints.SUPERSEDED;

  /** {@code ArtifactsDeleted.reason} of the checkpoints of an ended trial (the sweep included). */
  public static final String TRIAL_ENDED = TrialCheckpoints.TRIAL_ENDED;

  private CheckpointPlan() {}

  /**
   * One trial's due deletions.
   *
   * @param keys the recorded checkpoint keys to delete
   * @param sweep whether to also delete every {@code checkpoint-*} file under the trial's folder,
   *     and to journal the deletion as {@link #TRIAL_ENDED} (the trial is finished)
   * @param attempts the trial's attempts (folders {@code <study>/<trial>/<attempt>/} to sweep)
   */
  public record Deletion(int trial, List<String> keys, boolean sweep, int attempts) {
    public Deletion {
      keys = List.copyOf(keys);
    }

    /** The reason to journal. */
    public String reason() {
      return sweep ? TRIAL_ENDED : SUPERSEDED;
    }
  }

  /** The deletions due now, by trial number. */
  public static List<Deletion> due(StudySnapshot study) {
    List<Deletion> out = new ArrayList<>();
    for (TrialSnapshot t : study.trials()) {
      CheckpointView c = t.checkpoints();
      if (c.due()) {
        out.add(new Deletion(t.number(), c.stale(), c.sweepDue(), t.attempt()));
      }
    }
    return out;
  }

  /** Whether a store key names an epoch checkpoint. */
  public static boolean isCheckpointKey(String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    return name.startsWith("checkpoint-") && name.endsWith(".safetensors");
  }
}
