package org.gistsweep.cli.broker;

/**
 * No Kafka broker answered at the given bootstrap address within the allowed time. The message says
 * how to start one or where to point {@code --bootstrap}. Retriable once a broker runs.
 */
public class UnreachableBrokerException extends RuntimeException {

  /** Creates the exception with a message that names the address and the fix, and its cause. */
  public UnreachableBrokerException(String message, Throwable cause) {
    super(message, cause);
  }
}
