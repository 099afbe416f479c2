package org.gistsweep.cli;

import picocli.CommandLine.Option;

/**
 * {@code --read-token}: reads of data need the API token too (see {@link
 * org.gistsweep.orchestrator.http.WebAccess}).
 */
final class ReadTokenOption {
  @Option(
      names = "--read-token",
      description =
          "Reads of data need the API token too: GET /api/... (but /api/access and the API docs),"
              + " both event streams and /metrics; the console asks for the token once and keeps a"
              + " session cookie. Needs --api-token-file or "
              + ApiTokenOptions.ENV
              + "; pages and /health/* stay open.")
  boolean readToken;
}
