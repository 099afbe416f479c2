package org.gistsweep.worker.data;

/**
 * A dataset could not be read or generated: a missing file, a bad split line, an unreadable image.
 */
public class DataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the file (and line) at fault. */
  public DataException(String message) {
    super(message);
  }

  /** Creates the exception with a message naming the file (and line) at fault, and its cause. */
  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
