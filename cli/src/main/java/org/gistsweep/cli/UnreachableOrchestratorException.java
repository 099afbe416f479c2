package org.gistsweep.cli;

/** The orchestrator's HTTP API did not answer; exit status {@link ExitCodes#UNREACHABLE}. */
final class UnreachableOrchestratorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UnreachableOrchestratorException(String message, Throwable cause) {
    super(message, cause);
  }
}
