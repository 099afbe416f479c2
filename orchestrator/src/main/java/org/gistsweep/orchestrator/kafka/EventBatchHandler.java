package org.gistsweep.orchestrator.kafka;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gistsweep.common.wire.WireMessage;

/**
 * Receives decoded worker events from {@link EventConsumerLoop}, in partition order. The returned
 * stage completes once the batch is applied; only then are the offsets committed, so a crash
 * redelivers (handlers are idempotent).
 */
@FunctionalInterface
public interface EventBatchHandler {

  /** Applies {@code batch} (never empty) and completes when done. */
  CompletionStage<Void> apply(List<WireMessage> batch);
}
