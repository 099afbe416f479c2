package org.gistsweep.orchestrator.study;

import java.util.List;
import org.gistsweep.common.wire.ResumePoint;

/**
 * A trial's epoch checkpoints as its snapshot shows them.
 *
 * @param latest the checkpoint the trial's next attempt resumes from, or {@code null} (none
 *     recorded, refused, or the trial is finished)
 * @param stale the keys of recorded checkpoints that are due for deletion and not deleted yet: the
 *     superseded ones, and all of them once the trial is finished
 * @param sweepDue whether the finished trial's attempt folders are still to be swept for
 *     checkpoints an attempt stored but never reported (it died first)
 */
public record CheckpointView(ResumePoint latest, List<String> stale, boolean sweepDue) {
  /** A trial without checkpoints. */
  public static final CheckpointView NONE = new CheckpointView(null, List.of(), false);

  public CheckpointView {
    stale = List.copyOf(stale);
  }

  /** Whether anything is due for deletion. */
  public boolean due() {
    return !stale.isEmpty() || sweepDue;
  }
}
