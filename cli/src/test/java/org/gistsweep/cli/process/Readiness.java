package org.gistsweep.cli.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * When a started child counts as ready; checked repeatedly by {@link ChildProcess#start()} until it
 * holds, the child dies, or the start timeout passes.
 */
@FunctionalInterface
public interface Readiness {

  /** Whether {@code child} is ready now; must return quickly. */
  boolean isReady(ChildProcess child);

  /** Ready when both this and {@code other} are. */
  default Readiness and(Readiness other) {
    return child -> isReady(child) && other.isReady(child);
  }

  /** Ready at once (one-shot commands run with {@link ChildProcess#runToCompletion}). */
  static Readiness immediately() {
    return child -> true;
  }

  /** Ready once a TCP connection to {@code 127.0.0.1:port} succeeds (a broker's client port). */
  static Readiness port(int port) {
    return child -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return true;
      } catch (IOException e) {
        return false;
      }
    };
  }

  /** Ready once {@code GET url} answers 200 (an orchestrator's HTTP API). */
  static Readiness http(String url) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    return child -> {
      try {
        HttpRequest get =
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
        return client.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    };
  }

  /** Ready once the child's current run has logged a line containing {@code text}. */
  static Readiness logLine(String text) {
    return child -> child.currentRunLog().contains(text);
  }
}
