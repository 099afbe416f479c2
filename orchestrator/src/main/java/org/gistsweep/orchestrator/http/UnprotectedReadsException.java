package org.gistsweep.orchestrator.http;

/**
 * {@code --read-token} was asked for without an {@link ApiToken}: there would be nothing to check
 * reads against. Not retriable: the configuration must change.
 */
public final class UnprotectedReadsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnprotectedReadsException() {
    super(
        "--read-token makes reads (GET /api/..., the event streams, /metrics) need the API token,"
            + " but no token was given: give one with --api-token-file FILE (or the GIST_API_TOKEN"
            + " environment variable), e.g. made by `openssl rand -hex 32`, or leave out"
            + " --read-token");
  }
}
