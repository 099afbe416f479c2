package org.gistsweep.cli;

import java.util.ArrayList;
import java.util.List;
import org.gistsweep.orchestrator.http.WebAccess;
import picocli.CommandLine.Option;

/**
 * Which browsers' pages and host names the HTTP server answers beyond its own ({@link WebAccess}):
 * {@code --allowed-origin ORIGIN} and {@code --allowed-host NAME}, both repeatable.
 */
final class WebAccessOptions {
  @Option(
      names = "--allowed-origin",
      paramLabel = "ORIGIN",
      description =
          "Let pages of this origin (scheme://host[:port], exactly as the browser sends it) change"
              + " state and read the answers (CORS); repeatable (default: none, only the server's"
              + " own pages).")
  List<String> allowedOrigins = new ArrayList<>();

  @Option(
      names = "--allowed-host",
      paramLabel = "NAME",
      description =
          "Also answer requests that name this server NAME (the Host header); loopback names and IP"
              + " addresses always work; repeatable; * allows any name and gives up the protection"
              + " against DNS rebinding (default: none).")
  List<String> allowedHosts = new ArrayList<>();

  /**
   * The options as the server takes them; an origin or name that is not one is a configuration
   * error (exit 2).
   */
  WebAccess access(boolean readToken) {
    try {
      return new WebAccess(allowedOrigins, allowedHosts, readToken);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(e.getMessage(), e);
    }
  }
}
