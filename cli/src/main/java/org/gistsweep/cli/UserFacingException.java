package org.gistsweep.cli;

/** A failure whose message already tells the user what went wrong and what to do. */
final class UserFacingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UserFacingException(String message) {
    super(message);
  }

  UserFacingException(String message, Throwable cause) {
    super(message, cause);
  }
}
