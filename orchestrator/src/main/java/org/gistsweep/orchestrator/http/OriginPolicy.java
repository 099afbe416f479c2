package org.gistsweep.orchestrator.http;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which pages may change state: those of the server's own origin ({@code http://} and the request's
 * {@code Host}, which {@link HostAllowList} has checked) and those named with {@code
 * --allowed-origin}. Origins compare as a browser serialises them: lower case, default port left
 * out. {@code Origin: null} (sandboxed frames, local files, some redirects) matches nothing.
 */
final class OriginPolicy {
  private static final Pattern ORIGIN =
      Pattern.compile("(https?)://([a-z0-9.-]+|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?");

  private final Set<String> allowed;

  /**
   * @param allowed origins as {@link WebAccess} normalised them
   */
  OriginPolicy(List<String> allowed) {
    this.allowed = Set.copyOf(allowed);
  }

  /**
   * True when {@code origin} is one of {@code --allowed-origin} (CORS answers go to these only).
   */
  boolean isAllowedCrossOrigin(String origin) {
    return normalise(origin).filter(allowed::contains).isPresent();
  }

  /**
   * True when a call from a page of {@code origin} to a server reached as {@code host} may change
   * state.
   */
  boolean accepts(String origin, String host) {
    Optional<String> o = normalise(origin);
    return o.isPresent()
        && (allowed.contains(o.get())
            || host != null && o.equals(normalise("http://" + host.strip())));
  }

  /**
   * {@code scheme://host[:port]} in lower case without a default port or a final slash; empty when
   * {@code origin} is not an http(s) origin.
   */
  static Optional<String> normalise(String origin) {
    String v = origin.strip().toLowerCase(Locale.ROOT);
    Matcher m = ORIGIN.matcher(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
    if (!m.matches()) {
      return Optional.empty();
    }
    String port = m.group(3);
    if (port != null && Integer.parseInt(port.substring(1)) > 65_535) {
      return Optional.empty();
    }
    boolean defaultPort =
        port != null && (m.group(1).equals("http") ? port.equals(":80") : port.equals(":443"));
    return Optional.of(m.group(1) + "://" + m.group(2) + (port == null || defaultPort ? "" : port));
  }
}
