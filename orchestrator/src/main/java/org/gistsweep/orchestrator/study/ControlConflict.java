package org.gistsweep.orchestrator.study;

/**
 * A control that does not fit the study's state (cancelling a finished study, pausing a stopped
 * one, lowering the budget below the trials that exist): refused, nothing changed. The HTTP API
 * answers 409 with the message.
 */
public final class ControlConflict extends RuntimeException {
  private final String field;

  /**
   * @param field the request field at fault, or {@code null} when the state alone refuses it
   */
  public ControlConflict(String message, String field) {
    super(message);
    this.field = field;
  }

  /** The request field at fault, or {@code null}. */
  public String field() {
    return field;
  }
}
