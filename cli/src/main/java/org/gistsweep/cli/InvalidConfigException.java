package org.gistsweep.cli;

/**
 * A file, flag or environment variable the user gave is wrong (a Kafka config file, an API token);
 * the message names it and the fix. Exits with {@link ExitCodes#INVALID_INPUT}.
 */
final class InvalidConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InvalidConfigException(String message) {
    super(message);
  }

  InvalidConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
