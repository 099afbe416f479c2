package org.gistsweep.orchestrator.study;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.sampler.ObservedTrial;

/**
 * An immutable view of one trial, safe to hand to any thread. Nullable fields are {@code null}
 * until known.
 *
 * @param number trial number within the study, from 0
 * @param state where the trial is in its life cycle
 * @param params sampled parameters
 * @param value the objective (best over the epochs of the final attempt) once COMPLETE or PRUNED,
 *     else {@code null}
 * @param bestEpoch the epoch of the best objective so far, or {@code null}
 * @param lastValue the objective in the latest epoch, or {@code null}
 * @param epochs per-epoch metrics of the current attempt, by epoch
 * @param currentEpoch the highest epoch reported by the current attempt (0 before the first)
 * @param totalEpochs the epochs the trial is configured to train
 * @param trainableParams parameters that train, from the worker, or {@code null}
 * @param totalParams all model parameters, or {@code null}
 * @param gistParams parameters GIST adds, or {@code null}
 * @param worker id of the worker running (or that ran) the current attempt, or {@code null}
 * @param attempt the current attempt, from 1
 * @param error the last failure, or {@code null}
 * @param intermediateValues the (first) objective per epoch of the current attempt
 * @param values every objective's final value once COMPLETE or PRUNED (study order; NaN where
 *     unknown), else empty
 * @param intermediateVectors every objective per epoch (or ask/tell step) of the current attempt
 * @param attempts every attempt so far, oldest first; the last is the current one
 * @param artifacts the trial's files in the artifact store: the final attempt's weights and
 *     sidecars as its worker reported them, then each started attempt's log (see {@link
 *     TrialArtifact}), deleted ones included and marked
 * @param artifactError why the final attempt's worker could not store its weights, or {@code null}
 * @param weightsDeleted whether the trial's weights were deleted (by retention or with its study)
 * @param checkpoints its epoch checkpoints: the one its next attempt resumes from, and those due
 *     for deletion
 * @param suspendReason while SUSPENDED: {@code suspend} (a person) or {@code rung} (promotion
 *     ASHA), else {@code null}
 * @param suspendRequested whether a person asked its running attempt to suspend, which has not yet
 */
public record TrialSnapshot(
    int number,
    TrialState state,
    Map<String, Object> params,
    Double value,
    Integer bestEpoch,
    Double lastValue,
    List<EpochRecord> epochs,
    int currentEpoch,
    int totalEpochs,
    Long trainableParams,
    Long totalParams,
    Long gistParams,
    String worker,
    int attempt,
    TrialError error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    SortedMap<Integer, Double> intermediateValues,
    List<Double> values,
    SortedMap<Integer, List<Double>> intermediateVectors,
    List<AttemptRecord> attempts,
    List<TrialArtifact> artifacts,
    String artifactError,
    boolean weightsDeleted,
    CheckpointView checkpoints,
    String suspendReason,
    boolean suspendRequested)
    implements ObservedTrial {

  public TrialSnapshot {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    epochs = List.copyOf(epochs);
    intermediateValues = Collections.unmodifiableSortedMap(new TreeMap<>(intermediateValues));
    values = List.copyOf(values);
    intermediateVectors = Collections.unmodifiableSortedMap(new TreeMap<>(intermediateVectors));
    attempts = List.copyOf(attempts);
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    checkpoints = checkpoints == null ? CheckpointView.NONE : checkpoints;
  }

  /**
   * The artifact named {@code name} ({@code best.safetensors}, {@code attempt-1.log}, ...), if the
   * trial has one.
   */
  public Optional<TrialArtifact> artifact(String name) {
    return artifacts.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  /** Epochs a PRUNED trial did not train: {@code totalEpochs - currentEpoch}, else 0. */
  public int prunedEpochsSaved() {
    return state == TrialState.PRUNED ? Math.max(0, totalEpochs - currentEpoch) : 0;
  }
}
