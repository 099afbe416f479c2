package org.gistsweep.worker.train;

import java.nio.file.Path;
import org.gistsweep.common.wire.ArtifactRef;

/**
 * Where a trial's epoch checkpoints go once written: the worker's artifact store, under the attempt
 * ({@link ArtifactRef#checkpointName}). A checkpoint that cannot be stored never fails the trial:
 * training goes on and that epoch reports no checkpoint.
 */
public interface CheckpointUploader {
  /**
   * Stores the checkpoint file of 1-based {@code epoch}; the file is deleted after the call.
   *
   * @return the stored object, or {@code null} when it could not be stored (the implementation says
   *     why)
   */
  ArtifactRef upload(int epoch, Path file);

  /**
   * The checkpoint of {@code epoch} could not be written locally (a full scratch disk): {@code
   * reason}.
   */
  default void notWritten(int epoch, String reason) {}
}
