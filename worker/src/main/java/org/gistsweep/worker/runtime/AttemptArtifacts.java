package org.gistsweep.worker.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gistsweep.artifacts.ArtifactDownloads;
import org.gistsweep.artifacts.ArtifactInfo;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStoreException;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.common.wire.ResumePoint;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.WorkerReportChecks;
import org.gistsweep.worker.files.FileDigests;
import org.gistsweep.worker.train.CheckpointUploader;
import org.gistsweep.worker.train.SavedWeights;
import org.gistsweep.worker.train.TrainingOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the attempts of a worker use its artifact store: the scratch folder an attempt's trainer
 * writes weights into, and at the end of a complete attempt the upload of those weights and their
 * sidecars under {@code <study>/<trial>/<attempt>/} ({@link ArtifactRef#keyOf}). A failed upload
 * never fails the trial: it becomes the finish's {@code artifact_error}.
 */
final class AttemptArtifacts {
  private static final Logger LOG = LoggerFactory.getLogger(AttemptArtifacts.class);

  /** A worker without a store: no logs, no weights. */
  static final AttemptArtifacts NONE = new AttemptArtifacts(null, null);

  private final ArtifactStore store;
  private final Path scratchRoot;

  /**
   * @param store the worker's store, or null for none
   * @param scratchRoot the folder the attempts' scratch folders are made in
   */
  AttemptArtifacts(ArtifactStore store, Path scratchRoot) {
    this.store = store;
    this.scratchRoot = scratchRoot;
  }

  /** What an attempt stored: the objects, and why some were not. */
  record Stored(List<ArtifactRef> refs, String error) {
    static final Stored NOTHING = new Stored(List.of(), null);
  }

  /** Whether weights can be stored at all. */
  boolean storesWeights() {
    return store != null;
  }

  /** Starts attempt {@code a}'s log (see {@link AttemptLogSink#open}). */
  AttemptLogSink openLog(TrialAssignment a) {
    return AttemptLogSink.open(store, a);
  }

  /**
   * A new empty, locked folder for attempt {@code a}'s weights; release it with {@link
   * #deleteScratch}.
   */
  ScratchFolder newScratch(TrialAssignment a) throws IOException {
    String name =
        (a.study() + "-" + a.trial() + "-" + a.attempt() + "-").replaceAll("[^A-Za-z0-9._-]", "_");
    return ScratchFolder.create(scratchRoot, name);
  }

  /** Deletes a scratch folder and what is in it; a failure is logged. */
  static void deleteScratch(ScratchFolder scratch) {
    if (scratch == null) {
      return;
    }
    try {
      scratch.close();
    } catch (IOException e) {
      LOG.warn("could not delete the scratch folder {}: {}", scratch.dir(), e.toString());
    }
  }

  /**
   * Deletes the scratch folders a killed worker left on this cache (at start); a failure is logged.
   */
  void deleteAbandonedScratch() {
    if (scratchRoot == null) {
      return;
    }
    try {
      int n = ScratchFolder.deleteAbandoned(scratchRoot);
      if (n > 0) {
        LOG.info("deleted {} scratch folder(s) a stopped worker left under {}", n, scratchRoot);
      }
    } catch (IOException e) {
      LOG.warn("could not clear old scratch folders under {}: {}", scratchRoot, e.toString());
    }
  }

  /**
   * Stores the weights {@code outcome} saved (each file, then its sidecar). A pair that fails is
   * not kept (a weights file stored before its sidecar failed is deleted again); the others are.
   */
  Stored store(TrialAssignment a, TrainingOutcome outcome) {
    if (outcome.weightsError() != null) {
      return new Stored(List.of(), fit("the weights were not written: " + outcome.weightsError()));
    }
    if (store == null || outcome.saved().isEmpty()) {
      return Stored.NOTHING;
    }
    List<ArtifactRef> refs = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (SavedWeights w : outcome.saved()) {
      List<ArtifactRef> pair = new ArrayList<>();
      try {
        pair.add(put(a, w.weightsName(), w.weights()));
        pair.add(put(a, w.sidecarName(), w.sidecar()));
        refs.addAll(pair);
      } catch (ArtifactStoreException e) {
        delete(pair);
        errors.add("storing " + w.name() + " failed: " + e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      LOG.warn(
          "trial {}/{} attempt {}: {}",
          a.study(),
          a.trial(),
          a.attempt(),
          String.join("; ", errors));
    }
    return new Stored(List.copyOf(refs), errors.isEmpty() ? null : fit(String.join("; ", errors)));
  }

  private ArtifactRef put(TrialAssignment a, String name, Path file) {
    String key = ArtifactRef.keyOf(a.study(), a.trial(), a.attempt(), name);
    long start = System.nanoTime();
    ArtifactInfo info = store.put(key, file);
    LOG.info(
        "trial {}/{} attempt {}: stored {} ({} bytes, sha256 {}) in {} ms",
        a.study(),
        a.trial(),
        a.attempt(),
        key,
        info.size(),
        info.sha256(),
        (System.nanoTime() - start) / 1_000_000);
    return new ArtifactRef(name, info.key(), info.size(), info.sha256());
  }

  /**
   * Where attempt {@code a}'s epoch checkpoints go: {@code
   * <study>/<trial>/<attempt>/checkpoint-<k>.safetensors}. A checkpoint that cannot be stored is
   * logged and reported as none (the trial trains on).
   */
  CheckpointUploader checkpoints(TrialAssignment a) {
    return new CheckpointUploader() {
      @Override
      public ArtifactRef upload(int epoch, Path file) {
        try {
          return put(a, ArtifactRef.checkpointName(epoch), file);
        } catch (ArtifactStoreException e) {
          LOG.warn(
              "trial {}/{} attempt {}: the checkpoint of epoch {} was not stored: {}",
              a.study(),
              a.trial(),
              a.attempt(),
              epoch,
              e.getMessage());
          return null;
        }
      }

      @Override
      public void notWritten(int epoch, String reason) {
        LOG.warn(
            "trial {}/{} attempt {}: the checkpoint of epoch {} was not written: {}",
            a.study(),
            a.trial(),
            a.attempt(),
            epoch,
            reason);
      }
    };
  }

  /**
   * Downloads the checkpoint {@code from} names to {@code target} and checks its bytes against the
   * sha256 and size the assignment recorded.
   *
   * @return {@code null} when it arrived intact, else why it is refused
   */
  String downloadCheckpoint(ResumePoint from, Path target) {
    if (store == null) {
      return "this worker has no artifact store to read the checkpoint from (start it with"
          + " --artifacts)";
    }
    try {
      ArtifactDownloads.download(store, from.key(), target);
      long size = Files.size(target);
      if (size != from.size() || !FileDigests.sha256(target).equals(from.sha256())) {
        return "the checkpoint failed its sha256 check: the store holds other bytes under "
            + from.key();
      }
      return null;
    } catch (ArtifactStoreException e) {
      return e.reason() == ArtifactStoreException.Reason.INTEGRITY
          ? "the checkpoint failed its sha256 check: " + e.getMessage()
          : "the checkpoint could not be downloaded: " + e.getMessage();
    } catch (IOException e) {
      return "the downloaded checkpoint could not be read: " + e.getMessage();
    }
  }

  /**
   * Deletes stored objects again (an attempt cancelled while it stored them); failures are logged.
   */
  void delete(List<ArtifactRef> refs) {
    for (ArtifactRef r : refs) {
      try {
        store.delete(r.key());
      } catch (ArtifactStoreException e) {
        LOG.warn("could not delete {} again: {}", r.key(), e.getMessage());
      }
    }
  }

  private static String fit(String error) {
    return WorkerReportChecks.fitMessage(error);
  }
}
