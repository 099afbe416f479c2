package org.gistsweep.orchestrator;

/** The orchestrator could not start; the message says what failed and how to fix it. */
public final class OrchestratorStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A start failure with a message for people and its cause. */
  public OrchestratorStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
