package org.gistsweep.common.wire;

/**
 * A record could not be turned into a {@link WireMessage}: not JSON, an unknown type, a schema
 * version newer than this code reads, or an invalid field. Such a record is a poison message: it
 * goes to the dead-letter topic with {@link #getMessage()} as the reason. Never retriable.
 */
public final class WireFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WireFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
