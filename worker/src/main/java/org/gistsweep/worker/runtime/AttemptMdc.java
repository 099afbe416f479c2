package org.gistsweep.worker.runtime;

import org.gistsweep.common.wire.TrialAssignment;
import org.slf4j.MDC;

/**
 * The MDC entries that tie a log line to an attempt (study, trial, attempt, worker), set around
 * every line the worker logs about one: on the training thread for the whole attempt, and around
 * the poll and control threads' lines about it. {@link AttemptLogTap} routes lines by them.
 */
final class AttemptMdc implements AutoCloseable {
  static final String WORKER = "worker";

  private AttemptMdc() {}

  /** Sets the entries of attempt {@code a} on this thread until {@link #close()}. */
  static AttemptMdc put(TrialAssignment a, String workerId) {
    MDC.put(AttemptLogTap.STUDY, a.study());
    MDC.put(AttemptLogTap.TRIAL, Integer.toString(a.trial()));
    MDC.put(AttemptLogTap.ATTEMPT, Integer.toString(a.attempt()));
    MDC.put(WORKER, workerId);
    return new AttemptMdc();
  }

  @Override
  public void close() {
    MDC.remove(AttemptLogTap.STUDY);
    MDC.remove(AttemptLogTap.TRIAL);
    MDC.remove(AttemptLogTap.ATTEMPT);
    MDC.remove(WORKER);
  }
}
