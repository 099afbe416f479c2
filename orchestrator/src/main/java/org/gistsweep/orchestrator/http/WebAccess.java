package org.gistsweep.orchestrator.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Who may reach the API from a browser, and whether reads need the token too.
 *
 * <ul>
 *   <li>A state-changing call (every method but GET, HEAD, OPTIONS) must say {@code Content-Type:
 *       application/json} (415 otherwise) and, when it carries an {@code Origin}, come from the
 *       server's own origin ({@code http://<Host>}) or one of {@code allowedOrigins} (403
 *       otherwise; {@code Origin: null} is refused). Allowed origins get CORS answers.
 *   <li>Every request's {@code Host} must be a loopback name, an IP address or one of {@code
 *       allowedHosts} ({@code *}: any), so a DNS-rebinding page, which always presents its own
 *       name, is refused (403). A request without a Host header (HTTP/1.0) passes.
 *   <li>With {@code readToken}, reads of data ({@code /api/*} but the access, session and API-docs
 *       routes, both event streams, {@code /metrics}) need the API token or a session cookie.
 * </ul>
 *
 * @param allowedOrigins further origins, each exactly {@code scheme://host[:port]} as a browser
 *     sends it (lower case, no path), whose pages may call the API
 * @param allowedHosts further names the server may be reached by (lower case, no port); {@code *}
 *     allows any name, which gives up the DNS-rebinding protection
 * @param readToken whether reads need the API token too; needs one ({@link
 *     UnprotectedReadsException})
 */
public record WebAccess(List<String> allowedOrigins, List<String> allowedHosts, boolean readToken) {
  /** Any host name. */
  public static final String ANY_HOST = "*";

  private static final Pattern HOST =
      Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

  /**
   * @throws IllegalArgumentException naming the option ({@code --allowed-origin}, {@code
   *     --allowed-host}) and the value that is not an origin or a host name, with an example
   */
  public WebAccess {
    allowedOrigins = normalised(allowedOrigins, WebAccess::origin);
    allowedHosts = normalised(allowedHosts, WebAccess::host);
  }

  /** Loopback names and IP addresses only, no other origin, reads open. */
  public static WebAccess defaults() {
    return new WebAccess(List.of(), List.of(), false);
  }

  /**
   * Checks that the reads can be protected.
   *
   * @throws UnprotectedReadsException when {@link #readToken} is asked for without a token
   */
  public void check(Optional<ApiToken> token) {
    if (readToken && token.isEmpty()) {
      throw new UnprotectedReadsException();
    }
  }

  private static List<String> normalised(List<String> values, UnaryOperator<String> check) {
    List<String> out = new ArrayList<>();
    for (String v : values == null ? List.<String>of() : values) {
      out.add(check.apply(v == null ? "" : v.strip().toLowerCase(Locale.ROOT)));
    }
    return List.copyOf(out);
  }

  private static String origin(String v) {
    return OriginPolicy.normalise(v)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "--allowed-origin '"
                        + shown(v)
                        + "' is not an origin: give it exactly as a browser sends it,"
                        + " scheme://host[:port] with scheme http or https and nothing after the"
                        + " port, e.g. http://127.0.0.1:3000"));
  }

  private static String host(String v) {
    String name = v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
    if (!name.equals(ANY_HOST) && !HOST.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "--allowed-host '"
              + shown(v)
              + "' is not a host name: give the name alone, without scheme, port or path, e.g."
              + " --allowed-host orchestrator (or * for any name, which gives up the DNS-rebinding"
              + " protection)");
    }
    return name;
  }

  static String shown(String v) {
    return v.length() > 100 ? v.substring(0, 100) + "..." : v;
  }
}
