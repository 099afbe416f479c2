package org.gistsweep.common.wire;

import java.util.Map;

/**
 * Orchestrator to workers, on {@link Topics#TRIALS}: run this trial.
 *
 * @param params the sampled parameters of the trial (name to value)
 * @param config the full, resolved training configuration (fixed settings overlaid with {@code
 *     params}), keyed by setting name as in {@code TrainingSettings.toMap()}
 */
public record TrialAssignment(
    int schema,
    String study,
    int trial,
    int attempt,
    long sentAt,
    Map<String, Object> params,
    Map<String, Object> config)
    implements WireMessage {

  public TrialAssignment {
    WireMessage.checkHeader(schema, study, trial, attempt);
    params = params == null ? Map.of() : WireMaps.copy(params);
    config = config == null ? Map.of() : WireMaps.copy(config);
  }
}
