package org.gistsweep.cli;

/** Exit statuses of {@code ./gist-sweep}. */
final class ExitCodes {
  /**
   * A sweep file, request or setting was invalid: a bad --kafka-config or API token, a non-loopback
   * API without a token, --read-token without a token, an --allowed-origin or --allowed-host that
   * is not one, security settings the broker refuses.
   */
  static final int INVALID_INPUT = 2;

  /**
   * The Kafka broker (or, for the {@code study} commands, the orchestrator) could not be reached.
   */
  static final int UNREACHABLE = 3;

  /** Something failed while running. */
  static final int FAILED = 1;

  private ExitCodes() {}
}
