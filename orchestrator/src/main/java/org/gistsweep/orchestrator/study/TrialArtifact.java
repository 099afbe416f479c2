package org.gistsweep.orchestrator.study;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.gistsweep.common.wire.ArtifactRef;

/**
 * One file of a trial in the artifact store, as the study records it: the final attempt's weights
 * and sidecars (from its {@code TrialFinished}) and each attempt's log.
 *
 * @param name the name the API serves it under: {@code best.safetensors}, {@code best.json}, ...,
 *     or {@code attempt-<a>.log}
 * @param key the store key: {@code <study>/<trial>/<attempt>/<name>}, or for a log the prefix of
 *     its chunks {@code <study>/<trial>/<attempt>/log}
 * @param size bytes, as the worker recorded them; {@code null} for a log (the store knows it)
 * @param sha256 the bytes' SHA-256 as the worker recorded it; {@code null} for a log (it grows
 *     while the attempt runs: its download's ETag is its hash)
 * @param attempt the attempt that wrote it
 * @param epoch the epoch whose weights it holds ({@code best.*}: the best epoch, {@code last.*}:
 *     the last one), {@code null} for a log or another file
 * @param kind weights, sidecar or log
 * @param deleted whether it was deleted from the store (by retention, or with its study)
 * @param deletedReason why: {@link #RETENTION} or {@link #STUDY_DELETED}; {@code null} when kept
 */
public record TrialArtifact(
    String name,
    String key,
    Long size,
    String sha256,
    int attempt,
    Integer epoch,
    Kind kind,
    boolean deleted,
    String deletedReason) {
  /**
   * {@link #deletedReason()} of weights that retention removed (the trial is not among those kept).
   */
  public static final String RETENTION = "retention";

  /**
   * {@link #deletedReason()} of every artifact of a study archived with {@code ?artifacts=true}.
   */
  public static final String STUDY_DELETED = "study_deleted";

  /**
   * The names a worker stores weights under; retention deletes these for every attempt of a trial
   * it does not keep.
   */
  public static final List<String> WEIGHT_NAMES =
      List.of("best.safetensors", "best.json", "last.safetensors", "last.json");

  /** What a file holds. */
  public enum Kind {
    /** Trained tensors (safetensors). */
    WEIGHTS,
    /** The JSON that describes weights (arch, PEFT method, params, epoch, metrics, backbone). */
    SIDECAR,
    /** An attempt's log lines. */
    LOG;

    /** The JSON name: {@code weights}, {@code sidecar}, {@code log}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public TrialArtifact {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
  }

  /** The kind of a stored file by its name: {@code *.json} is a sidecar, anything else weights. */
  public static Kind kindOf(String name) {
    return name.endsWith(".json") ? Kind.SIDECAR : Kind.WEIGHTS;
  }

  /** The API name of attempt {@code attempt}'s log. */
  public static String logName(int attempt) {
    return "attempt-" + attempt + ".log";
  }

  /** The store prefix of an attempt's log chunks (the worker's {@code AttemptLogWriter} prefix). */
  public static String logKey(String study, int trial, int attempt) {
    return ArtifactRef.keyOf(study, trial, attempt, "log");
  }

  /** Whether this is weights or a sidecar (what retention deletes), not a log. */
  public boolean isWeights() {
    return kind != Kind.LOG;
  }
}
