package org.gistsweep.orchestrator.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may change state: on a loopback address only local programs can connect, so no token is
 * needed; on any other address (including {@code 0.0.0.0}) the API refuses to start without an
 * {@link ApiToken}.
 */
public final class BindPolicy {
  private BindPolicy() {}

  /**
   * True for {@code localhost}, {@code 127.0.0.0/8} and {@code ::1}; false for wildcard, other or
   * unresolvable hosts.
   */
  public static boolean isLoopback(String host) {
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost")) {
      return true;
    }
    try {
      for (InetAddress a : InetAddress.getAllByName(h)) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Checks that serving on {@code host} with this token is safe.
   *
   * @throws UnprotectedApiException when {@code host} is not loopback and there is no token; the
   *     message names the host and both fixes
   */
  public static void check(String host, Optional<ApiToken> token) {
    if (token.isEmpty() && !isLoopback(host)) {
      throw new UnprotectedApiException(host);
    }
  }
}
