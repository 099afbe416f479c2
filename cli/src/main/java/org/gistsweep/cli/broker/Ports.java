package org.gistsweep.cli.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free-port lookup and a clear error when a requested port is taken. */
final class Ports {

  private Ports() {}

  /** A port on 127.0.0.1 that is free now (it may be taken again before use). */
  static int free() {
    try (ServerSocket socket = bind(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port on 127.0.0.1", e);
    }
  }

  /** Throws a {@link BrokerStartException} naming the port and the fix when it is in use. */
  static void requireFree(int port) {
    try {
      bind(port).close();
    } catch (BindException e) {
      throw new BrokerStartException(
          "Port "
              + port
              + " on 127.0.0.1 is already in use (another Kafka broker, or a gist-sweep broker"
              + " still running?). Stop that process, choose another port with --port, or use"
              + " --port 0 to pick a free one.",
          e);
    } catch (IOException e) {
      throw new BrokerStartException("Cannot open port " + port + " on 127.0.0.1: " + e, e);
    }
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    try {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port));
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }
}
