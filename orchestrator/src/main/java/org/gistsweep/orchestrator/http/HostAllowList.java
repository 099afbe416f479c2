package org.gistsweep.orchestrator.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which {@code Host} headers a request may carry. DNS rebinding points an attacker's name at this
 * server, so the browser sends that name: accepting only loopback names, IP addresses and the names
 * given with {@code --allowed-host} keeps such pages out. Pure: no name is ever resolved.
 */
final class HostAllowList {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

  /** {@code name[:port]} or {@code [ipv6][:port]}. */
  private static final Pattern AUTHORITY =
      Pattern.compile("(\\[([0-9a-f:.]+)\\]|([^\\[\\]:]+))(:[0-9]{0,5})?");

  private final List<String> names;
  private final boolean any;

  HostAllowList(List<String> names) {
    this.names = List.copyOf(names);
    this.any = names.contains(WebAccess.ANY_HOST);
  }

  /**
   * The host of a {@code Host} header, lower case, without port, brackets or a final dot; empty
   * when the header is not {@code host[:port]}.
   */
  static Optional<String> hostOf(String header) {
    Matcher m = AUTHORITY.matcher(header.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    String host = m.group(2) != null ? m.group(2) : m.group(3);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return host.isEmpty() ? Optional.empty() : Optional.of(host);
  }

  /** True when a request with this {@code Host} header (null: none, HTTP/1.0) may be answered. */
  boolean allows(String header) {
    if (header == null) {
      return true;
    }
    Optional<String> host = hostOf(header);
    return host.isPresent()
        && (any
            || isLoopbackName(host.get())
            || isIpLiteral(host.get())
            || names.contains(host.get()));
  }

  static boolean isLoopbackName(String host) {
    return host.equals("localhost");
  }

  /** A dotted-quad IPv4 or an IPv6 address as written in a URL (without brackets). */
  static boolean isIpLiteral(String host) {
    return IPV4.matcher(host).matches() || IPV6.matcher(host).matches() && ipv6(host);
  }

  private static boolean ipv6(String host) {
    try {
      // in brackets, the JDK parses a literal and never looks a name up
      InetAddress.getByName("[" + host + "]");
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
