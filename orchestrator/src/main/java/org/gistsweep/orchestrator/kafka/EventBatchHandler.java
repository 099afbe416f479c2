package org.gistsweep.orchestrator.kafka;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gistsweep.common.wire.DeadLetterKind;
import org.gistsweep.common.wire.WireMessage;

/**
 * Receives decoded worker events from {@link EventConsumerLoop}, in partition order. The returned
 * stage completes once the batch is applied, with the messages of the batch that were rejected
 * (none an honest worker sends; they changed nothing and were not recorded): the loop dead-letters
 * those, then commits the offsets, so a crash redelivers (handlers are idempotent).
 */
@FunctionalInterface
public interface EventBatchHandler {

  /**
   * A message of the batch that was refused as no honest worker sends it.
   *
   * @param message the very instance handed to {@link #apply} (the loop finds its record by
   *     identity)
   * @param reason why, for the dead-letter record's reason header
   */
  record Rejected(WireMessage message, DeadLetterKind kind, String reason) {}

  /** Applies {@code batch} (never empty) and completes when done, with the rejected messages. */
  CompletionStage<List<Rejected>> apply(List<WireMessage> batch);
}
