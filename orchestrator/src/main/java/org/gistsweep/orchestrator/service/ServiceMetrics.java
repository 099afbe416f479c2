package org.gistsweep.orchestrator.service;

import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.study.Outcome;

/**
 * Where the {@link StudyService} reports what it does, for monitoring. A port, so the service and
 * the cores stay free of any metrics library: the orchestrator plugs in a Micrometer adapter, tests
 * and embedders may keep {@link #NONE}. Calls come from the owner context and from sampling
 * threads; implementations must be cheap and thread-safe (no I/O, no lookups by name per call).
 */
public interface ServiceMetrics {

  /** One worker event applied to a study, by its message type and effect. */
  void eventApplied(Class<? extends WireMessage> type, Outcome.Kind outcome);

  /** A worker event for a study this orchestrator does not know. */
  void unknownStudyEvent();

  /** How long applying one batch of {@code events} worker events took on the owner context. */
  void batchApplied(int events, long nanos);

  /** From publishing an attempt's assignment to its worker's {@code trial_started}. */
  void dispatchLatency(long millis);

  /** A running attempt whose worker went silent past the lease. */
  void leaseExpired();

  /** A trial issued again as its next attempt (after a failure or an expired lease). */
  void attemptReissued();

  /** From handing journal entries to the study log until they were durable. */
  void journalAppended(long nanos);

  /** One suggestion of a sampler ({@code random}, {@code tpe}, {@code grid}, ...). */
  void samplerAsked(String samplerType, long nanos);

  /** Reports nothing. */
  ServiceMetrics NONE =
      new ServiceMetrics() {
        @Override
        public void eventApplied(Class<? extends WireMessage> type, Outcome.Kind outcome) {}

        @Override
        public void unknownStudyEvent() {}

        @Override
        public void batchApplied(int events, long nanos) {}

        @Override
        public void dispatchLatency(long millis) {}

        @Override
        public void leaseExpired() {}

        @Override
        public void attemptReissued() {}

        @Override
        public void journalAppended(long nanos) {}

        @Override
        public void samplerAsked(String samplerType, long nanos) {}
      };
}
