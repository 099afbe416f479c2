package org.gistsweep.worker.train;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.gistsweep.common.spec.ArtifactsSetting;
import org.gistsweep.common.wire.AssignedObjective;
import org.gistsweep.common.wire.TrialAssignment;

/**
 * What a trial keeps of its weights while it trains, and where it writes them: the trainable
 * tensors (the whole model for {@code peft: full}) of the epoch that is best by {@code objective},
 * and with {@link ArtifactsSetting#BEST_AND_LAST} of the last epoch too, each as a safetensors file
 * with a JSON sidecar in {@code scratch}. The caller stores and deletes them.
 *
 * @param stored which epochs' weights; {@link ArtifactsSetting#NONE} writes nothing
 * @param objective picks the best epoch (for {@code trainable_params}, constant per trial, the
 *     last)
 * @param scratch an existing folder of the worker's own for the files; unused with {@code NONE}
 * @param study recorded in the sidecar
 * @param trial recorded in the sidecar
 * @param attempt recorded in the sidecar
 * @param params the trial's sampled parameters, recorded in the sidecar
 * @param clock stamps each file's {@code created_at}
 */
public record WeightsRequest(
    ArtifactsSetting stored,
    AssignedObjective objective,
    Path scratch,
    String study,
    int trial,
    int attempt,
    Map<String, Object> params,
    Clock clock) {
  /** Requires a scratch folder unless nothing is stored. */
  public WeightsRequest {
    Objects.requireNonNull(stored, "stored");
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(clock, "clock");
    params = Map.copyOf(params);
    if (stored != ArtifactsSetting.NONE) {
      Objects.requireNonNull(scratch, "scratch");
    }
  }

  /** Keeps no weights. */
  public static WeightsRequest none() {
    return new WeightsRequest(
        ArtifactsSetting.NONE,
        TrialAssignment.DEFAULT_OBJECTIVE,
        null,
        "",
        0,
        0,
        Map.of(),
        Clock.systemUTC());
  }
}
