package org.gistsweep.cli.loadharness;

import java.util.Map;
import org.gistsweep.common.trial.TrialState;

/**
 * What one stage (one study run to completion) measured.
 *
 * @param stage 1-based
 * @param studyId the study it ran
 * @param trials trials of this study
 * @param cumulativeTrials trials of this and every earlier study, all held by the orchestrator
 * @param wallMillis from the study's creation to its last trial's finish, both on the
 *     orchestrator's clock ({@code createdAt}, {@code finishedAt} of its snapshot)
 * @param eventsApplied worker events the orchestrator applied and committed during the stage
 * @param eventsSent worker events the broker acknowledged to the simulated workers, by type
 * @param peakPerSecond the highest applied rate over any 1 s window of the stage
 * @param maxLag the most events written but not yet applied at any reading
 * @param dispatch dispatch latency of every hand-out of the stage
 * @param burst of the first {@code parallel} trials, all created at submit
 * @param steady of the trials created as others finished
 * @param counts the study's final trials per state
 * @param ignoredMessages messages the study fenced off (duplicates, stale attempts)
 * @param heapAfterGc heap in use after full GCs once the stage ended
 * @param gcMillis collection time of the JVM during the stage (all collectors)
 * @param cpu CPU used during the stage, by owner
 */
public record StageResult(
    int stage,
    String studyId,
    int trials,
    long cumulativeTrials,
    long wallMillis,
    long eventsApplied,
    EventTally eventsSent,
    double peakPerSecond,
    long maxLag,
    LatencySummary dispatch,
    LatencySummary burst,
    LatencySummary steady,
    Map<TrialState, Integer> counts,
    long ignoredMessages,
    long heapAfterGc,
    long gcMillis,
    CpuUsage cpu) {

  public StageResult {
    counts = Map.copyOf(counts);
  }

  /** Events applied per second of the stage's wall time. */
  public double eventsPerSecond() {
    return wallMillis <= 0 ? 0 : eventsApplied * 1000.0 / wallMillis;
  }

  /** Trials of the study in {@code state}. */
  public int count(TrialState state) {
    return counts.getOrDefault(state, 0);
  }
}
