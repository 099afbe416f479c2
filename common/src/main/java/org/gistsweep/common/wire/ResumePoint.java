package org.gistsweep.common.wire;

/**
 * Where a reissued attempt starts: the latest epoch checkpoint an earlier attempt of the trial
 * stored (see {@link EpochMetrics#checkpoint()}). The worker checks the file's sha256 and that it
 * fits the trial, then trains from epoch {@code epoch + 1}; a checkpoint that fails either check is
 * refused (reported in {@link TrialStarted#resumeRefused()}) and the attempt starts from epoch 1.
 *
 * @param key the checkpoint's store key
 * @param size its bytes
 * @param sha256 its SHA-256, 64 lower-case hex digits
 * @param epoch the last epoch it holds (the attempt's first epoch is {@code epoch + 1})
 * @param attempt the attempt that stored it
 */
public record ResumePoint(String key, long size, String sha256, int epoch, int attempt) {
  public ResumePoint {
    new ArtifactRef(
        ArtifactRef.checkpointName(epoch), key, size, sha256); // the same checks as any stored file
    if (attempt < 1) {
      throw new IllegalArgumentException("resume attempt must be >= 1, got " + attempt);
    }
  }

  /** The resume point of a recorded checkpoint. */
  public static ResumePoint of(ArtifactRef checkpoint, int epoch, int attempt) {
    return new ResumePoint(
        checkpoint.key(), checkpoint.size(), checkpoint.sha256(), epoch, attempt);
  }
}
