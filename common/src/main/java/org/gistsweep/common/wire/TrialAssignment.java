package org.gistsweep.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Orchestrator to workers, on {@link Topics#TRIALS}: run this trial.
 *
 * @param params the sampled parameters of the trial (name to value)
 * @param config the full, resolved training configuration (fixed settings overlaid with {@code
 *     params}), keyed by setting name as in {@code TrainingSettings.toMap()}
 * @param awaitDecisions whether the study prunes: then the orchestrator answers every epoch with a
 *     {@link TrialControl} ({@code continue} or {@code prune}) and the worker waits briefly for it
 *     before training the next epoch, so a pruned trial stops at once
 * @param attemptToken this attempt's token (hex): the worker echoes it in every {@link
 *     WorkerReport} of the attempt, and the orchestrator refuses reports without it. Derived from a
 *     secret of the study that only the orchestrator holds, so only a client that can read this
 *     topic learns it. Absent (and omitted from the JSON) from an orchestrator older than attempt
 *     tokens and for studies recovered from a journal without a study secret.
 */
public record TrialAssignment(
    int schema,
    String study,
    int trial,
    int attempt,
    long sentAt,
    Map<String, Object> params,
    Map<String, Object> config,
    boolean awaitDecisions,
    @JsonInclude(JsonInclude.Include.NON_NULL) String attemptToken)
    implements WireMessage {

  public TrialAssignment {
    WireMessage.checkHeader(schema, study, trial, attempt);
    params = params == null ? Map.of() : WireMaps.copy(params);
    config = config == null ? Map.of() : WireMaps.copy(config);
  }

  /** An assignment without an attempt token. */
  public TrialAssignment(int schema, String study, int trial, int attempt, long sentAt, Map<String, Object> params,
      Map<String, Object> config, boolean awaitDecisions) {
    this(schema, study, trial, attempt, sentAt, params, config, awaitDecisions, null);
  }

  /** An assignment of a study without a pruner, without an attempt token. */
  public TrialAssignment(
      int schema, String study, int trial, int attempt, long sentAt, Map<String, Object> params, Map<String, Object> config) {
    this(schema, study, trial, attempt, sentAt, params, config, false);
  }
}
