package org.gistsweep.orchestrator;

import org.gistsweep.common.wire.DeadLetterKind;
import org.gistsweep.orchestrator.journal.StudyLog;
import org.gistsweep.orchestrator.kafka.EventBatchHandler;

/**
 * The transport under an {@link Orchestrator}: the study log (journal plus the assignments and
 * controls it sends) and where worker events come from. {@link KafkaPorts} is the real one; tests
 * use in-memory fakes.
 */
interface EventPorts extends AutoCloseable {

  /** The journal and outbox: where state changes and the messages they cause go, together. */
  StudyLog log();

  /** False when no worker can receive trials, so only ask/tell studies make sense. */
  default boolean carriesTrials() {
    return true;
  }

  /**
   * Records that went to the dead-letter topic since start (undecodable, or no honest worker's).
   */
  default long deadLettered() {
    return 0;
  }

  /** Records of one kind that went to the dead-letter topic since start. */
  default long deadLettered(DeadLetterKind kind) {
    return 0;
  }

  /**
   * Worker events waiting to be consumed (the consumer lag of the events topic), as of the latest
   * poll.
   */
  default long eventsLag() {
    return 0;
  }

  /** Starts delivering worker events to {@code handler}; returns once delivery runs. */
  void startEvents(EventBatchHandler handler);

  /** Stops event delivery, then the log; idempotent. */
  @Override
  void close();
}
