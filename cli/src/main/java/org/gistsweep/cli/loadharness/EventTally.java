package org.gistsweep.cli.loadharness;

/**
 * Worker event counts by type at one moment (or between two moments).
 *
 * @param started trial_started
 * @param epochs epoch_metrics
 * @param heartbeats heartbeat
 * @param finished trial_finished
 * @param failed trial_failed
 */
public record EventTally(long started, long epochs, long heartbeats, long finished, long failed) {

  /** Every event. */
  public long total() {
    return started + epochs + heartbeats + finished + failed;
  }

  /** The events counted since {@code earlier}. */
  public EventTally minus(EventTally earlier) {
    return new EventTally(
        started - earlier.started,
        epochs - earlier.epochs,
        heartbeats - earlier.heartbeats,
        finished - earlier.finished,
        failed - earlier.failed);
  }
}
