package org.gistsweep.orchestrator;

import java.util.concurrent.CompletableFuture;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.orchestrator.journal.StudyLog;
import org.gistsweep.orchestrator.kafka.EventBatchHandler;
import org.gistsweep.orchestrator.kafka.TrialPublisher;
import org.gistsweep.orchestrator.service.InMemoryStudyLog;

/**
 * No transport at all ({@code gist-sweep serve} without {@code --bootstrap}): no worker events ever
 * arrive, and a publish fails with {@link #NO_WORKERS}, so only ask/tell studies can run; the
 * journal lives in memory, so studies last as long as the process. The HTTP API and {@link
 * Orchestrator#submit} refuse worker sweeps up front with the same message.
 */
final class NoTransportPorts implements EventPorts {
  /** Why a worker sweep cannot run here, and what to run instead. */
  static final String NO_WORKERS =
      "this orchestrator runs without Kafka, so no worker can train a sweep; it hosts ask/tell"
          + " studies only. Sweeps trained by workers need `gist-sweep orchestrator --bootstrap"
          + " HOST:PORT`";

  private final InMemoryStudyLog log =
      new InMemoryStudyLog(
          new TrialPublisher() {
            @Override
            public CompletableFuture<Void> publish(TrialAssignment assignment) {
              return CompletableFuture.failedFuture(new IllegalStateException(NO_WORKERS));
            }

            @Override
            public CompletableFuture<Void> publish(TrialControl control) {
              return CompletableFuture.failedFuture(new IllegalStateException(NO_WORKERS));
            }

            @Override
            public void close() {
              // nothing to release
            }
          });

  @Override
  public boolean carriesTrials() {
    return false;
  }

  @Override
  public StudyLog log() {
    return log;
  }

  @Override
  public void startEvents(EventBatchHandler handler) {
    // no worker events without a transport
  }

  @Override
  public void close() {
    // nothing to release
  }
}
