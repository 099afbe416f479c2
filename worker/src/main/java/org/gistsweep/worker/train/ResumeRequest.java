package org.gistsweep.worker.train;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How a trial uses epoch checkpoints: where it stores them (those its {@code resume} and {@code
 * resume_every} settings ask for, and the one before a hand-back), and the checkpoint of an earlier
 * attempt it starts from, if any.
 *
 * @param uploader where checkpoints go; {@code null}: the trial stores none (a worker without a
 *     store)
 * @param scratch an existing folder of the worker's own for the checkpoint files; required with an
 *     uploader
 * @param resumeFile the earlier attempt's checkpoint, downloaded with its sha256 checked, or {@code
 *     null} to train from epoch 1
 * @param resumeEpoch the epoch the assignment says {@code resumeFile} holds
 * @param refused why the assignment's checkpoint was refused before it reached the trainer (it
 *     failed its sha256 or could not be downloaded), or {@code null}: reported, and the trial
 *     trains from epoch 1
 * @param params the trial's sampled parameters, part of the checkpoint's fingerprint
 */
public record ResumeRequest(
    CheckpointUploader uploader,
    Path scratch,
    Path resumeFile,
    int resumeEpoch,
    String refused,
    Map<String, Object> params) {
  public ResumeRequest {
    params = Map.copyOf(params);
    if (uploader != null) {
      Objects.requireNonNull(scratch, "scratch");
    }
    if (resumeFile != null && resumeEpoch < 1) {
      throw new IllegalArgumentException(
          "a resumed checkpoint holds an epoch >= 1, got " + resumeEpoch);
    }
  }

  /** Stores no checkpoints and starts from epoch 1. */
  public static ResumeRequest none() {
    return new ResumeRequest(null, null, null, 0, null, Map.of());
  }

  /** Whether checkpoints are stored. */
  boolean stores() {
    return uploader != null;
  }
}
