package org.gistsweep.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Worker to orchestrator, on {@link Topics#EVENTS}: the attempt handed the trial back after {@link
 * #epoch()}, with that epoch's checkpoint stored, so that a later attempt resumes from it. Sent on
 * a {@link TrialControl#SUSPEND} request (reason {@link #ON_REQUEST}) or at the attempt's {@link
 * TrialAssignment#pauseAfterEpoch()} (reason {@link #AT_RUNG}: promotion ASHA).
 *
 * @param epoch the last epoch trained (its {@link EpochMetrics} was sent before this)
 * @param checkpoint that epoch's checkpoint in the artifact store
 * @param reason {@link #ON_REQUEST} or {@link #AT_RUNG}
 * @param attemptToken echoed from the attempt's {@link TrialAssignment#attemptToken()} (see {@link
 *     WorkerReport}), omitted from the JSON when absent
 */
public record TrialSuspended(
    int schema,
    String study,
    int trial,
    int attempt,
    long sentAt,
    String worker,
    int epoch,
    ArtifactRef checkpoint,
    String reason,
    @JsonInclude(JsonInclude.Include.NON_NULL) String attemptToken)
    implements WorkerReport {

  /** A person (or a control) asked the trial to step aside. */
  public static final String ON_REQUEST = "suspend";

  /** The attempt reached its {@link TrialAssignment#pauseAfterEpoch()}. */
  public static final String AT_RUNG = "rung";

  public TrialSuspended {
    WireMessage.checkHeader(schema, study, trial, attempt);
    WireMessage.require(worker, "worker");
    if (epoch < 1) {
      throw new IllegalArgumentException(
          "a suspended attempt has trained an epoch >= 1, got " + epoch);
    }
    if (checkpoint == null || !checkpoint.name().equals(ArtifactRef.checkpointName(epoch))) {
      throw new IllegalArgumentException(
          "a suspended attempt names its checkpoint "
              + ArtifactRef.checkpointName(epoch)
              + ", got "
              + (checkpoint == null ? null : checkpoint.name()));
    }
    if (!ON_REQUEST.equals(reason) && !AT_RUNG.equals(reason)) {
      throw new IllegalArgumentException("reason must be suspend or rung, got " + reason);
    }
  }
}
