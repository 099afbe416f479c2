package org.gistsweep.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Picks ports that are free now: to pass to children that must keep them across restarts, or as a
 * port where nothing listens, to test what a client says when its server is unreachable.
 */
public final class FreePorts {
  private FreePorts() {}

  /** A port on 127.0.0.1 that no one listens on at the moment. */
  public static int next() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }
}
