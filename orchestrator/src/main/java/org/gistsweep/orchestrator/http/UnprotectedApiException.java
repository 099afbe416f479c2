package org.gistsweep.orchestrator.http;

/**
 * The HTTP API was asked to listen beyond loopback without an {@link ApiToken}, which would let
 * anyone who can reach the port create studies and tell results. Not retriable: the configuration
 * must change.
 */
public final class UnprotectedApiException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * @param host the non-loopback address that was asked for
   */
  public UnprotectedApiException(String host) {
    super(
        "refusing to serve the HTTP API on "
            + host
            + " without an API token: it is not a loopback address, so anyone who can reach it"
            + " could create studies and tell results. Give a token with --api-token-file FILE (or"
            + " the GIST_API_TOKEN environment variable), or keep the default --host 127.0.0.1");
  }
}
