package org.gistsweep.orchestrator.journal;

/** A journal record this build cannot read; the message says why. */
public final class JournalFormatException extends RuntimeException {
  /**
   * @param cause the parser's exception, or null
   */
  public JournalFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
