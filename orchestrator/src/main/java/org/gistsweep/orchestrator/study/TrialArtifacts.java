package org.gistsweep.orchestrator.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.common.wire.TrialFinished;

/**
 * What one trial has in the artifact store, as the journal says: the files its final attempt's
 * {@code TrialFinished} listed, the worker's artifact error, and what was deleted since. Owned by
 * its {@link Trial}; mutated only on the study's thread.
 */
final class TrialArtifacts {
  private List<ArtifactRef> stored = List.of();
  private int storedBy;
  private int bestEpoch;
  private int lastEpoch;
  private String error;

  /** Deleted keys and why. */
  private final Map<String, String> deleted = new LinkedHashMap<>();

  /** Why every file of the trial was deleted (with its study), or {@code null}. */
  private String allDeleted;

  /**
   * Whether the trial's weights were deleted (retention or with the study): no pass needs to again.
   */
  private boolean weightsDeleted;

  /** The final attempt's report: what it stored and the error storing, if any. */
  void finished(TrialFinished f) {
    stored = f.artifacts();
    storedBy = f.attempt();
    bestEpoch = f.bestEpoch();
    lastEpoch = f.epochsRun();
    error = f.artifactError();
  }

  String error() {
    return error;
  }

  boolean weightsDeleted() {
    return weightsDeleted;
  }

  /**
   * Records that {@code keys} were deleted from the store (each weights or a sidecar of this
   * trial).
   */
  void deleted(List<String> keys, String reason) {
    keys.forEach(k -> deleted.putIfAbsent(k, reason));
    weightsDeleted = true;
  }

  /** Records that the study's every artifact (this trial's logs too) was deleted. */
  void deletedAll(String reason) {
    if (allDeleted == null) {
      allDeleted = reason;
    }
    weightsDeleted = true;
  }

  /**
   * The trial's files: the stored weights and sidecars, then a log per attempt that a worker
   * started ({@code attempts} with a worker).
   */
  List<TrialArtifact> view(String study, int trial, List<AttemptRecord> attempts) {
    List<TrialArtifact> out = new ArrayList<>();
    for (ArtifactRef r : stored) {
      String why = allDeleted != null ? allDeleted : deleted.get(r.key());
      Integer epoch =
          r.name().startsWith("best.")
              ? Integer.valueOf(bestEpoch)
              : r.name().startsWith("last.") ? Integer.valueOf(lastEpoch) : null;
      out.add(
          new TrialArtifact(
              r.name(),
              r.key(),
              r.size(),
              r.sha256(),
              storedBy,
              epoch,
              TrialArtifact.kindOf(r.name()),
              why != null,
              why));
    }
    for (AttemptRecord a : attempts) {
      if (a.worker() != null) {
        out.add(
            new TrialArtifact(
                TrialArtifact.logName(a.attempt()),
                TrialArtifact.logKey(study, trial, a.attempt()),
                null,
                null,
                a.attempt(),
                null,
                TrialArtifact.Kind.LOG,
                allDeleted != null,
                allDeleted));
      }
    }
    return List.copyOf(out);
  }
}
