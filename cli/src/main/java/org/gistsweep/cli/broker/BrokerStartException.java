package org.gistsweep.cli.broker;

/**
 * The embedded broker could not start. The message names what failed (a port, a directory) and how
 * to fix it. Not retriable without a change of options or environment.
 */
public class BrokerStartException extends RuntimeException {

  /** Creates the exception with a message that names the problem and the fix. */
  public BrokerStartException(String message) {
    super(message);
  }

  /** Creates the exception with a message that names the problem and the fix, and its cause. */
  public BrokerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
