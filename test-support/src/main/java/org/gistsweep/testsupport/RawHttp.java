package org.gistsweep.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.x written by hand, for what ordinary clients will not send: any {@code Host} header or
 * none at all, as a DNS-rebinding page or an HTTP/1.0 health check does.
 */
public final class RawHttp {
  private RawHttp() {}

  /** A response: status, headers (names in lower case) and as much of the body as was read. */
  public record Response(int status, Map<String, String> headers, String body) {}

  /**
   * Sends {@code head} (request line and headers, without the blank line) and {@code body}, and
   * reads the response head and, unless {@code headOnly} (an event stream never ends), its body to
   * the end of the connection.
   */
  public static Response send(int port, String head, String body, boolean headOnly)
      throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      String lengthLine = bytes.length > 0 ? "Content-Length: " + bytes.length + "\r\n" : "";
      out.write(
          (head + "\r\n" + lengthLine + "Connection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.write(bytes);
      out.flush();
      InputStream in = socket.getInputStream();
      String responseHead = readHead(in);
      String[] lines = responseHead.split("\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.merge(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip(),
            (a, b) -> a + ", " + b);
      }
      String rest = headOnly ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, rest);
    }
  }

  /** A GET with this {@code Host} header (null: none) over HTTP/1.1 (HTTP/1.0 without one). */
  public static Response get(int port, String path, String host) throws IOException {
    String head =
        host == null ? "GET " + path + " HTTP/1.0" : "GET " + path + " HTTP/1.1\r\nHost: " + host;
    return send(port, head, "", false);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while (matched < 4 && (b = in.read()) != -1) {
      head.write(b);
      matched =
          (b == '\r' && (matched == 0 || matched == 2))
                  || (b == '\n' && (matched == 1 || matched == 3))
              ? matched + 1
              : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1).strip();
  }
}
