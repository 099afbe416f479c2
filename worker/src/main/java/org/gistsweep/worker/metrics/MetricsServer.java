package org.gistsweep.worker.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The worker's monitoring port ({@code worker --metrics-port P}), on the JDK's HTTP server with one
 * thread: {@code GET /metrics} (Prometheus text), {@code GET /health/live}, and {@code GET
 * /health/ready} (200 once the share consumer has joined its group, else 503). Anything else is
 * 404.
 */
public final class MetricsServer implements AutoCloseable {
  private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
  private static final String JSON = "application/json; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService thread;

  private MetricsServer(HttpServer server, ExecutorService thread) {
    this.server = server;
    this.thread = thread;
  }

  /**
   * Binds {@code host:port} (0 = any free port) and serves until {@link #close()}.
   *
   * @throws UncheckedIOException naming the address when it cannot bind
   */
  public static MetricsServer start(
      String host, int port, Supplier<String> scrape, BooleanSupplier ready) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve worker metrics on "
              + host
              + ":"
              + port
              + ": "
              + e.getMessage()
              + "; is the port in use? pick another with --metrics-port",
          e);
    }
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())
                && !"HEAD".equals(exchange.getRequestMethod())) {
              send(exchange, 405, JSON, "{\"error\":\"only GET is served here\"}");
              return;
            }
            switch (exchange.getRequestURI().getPath()) {
              case "/metrics" -> send(exchange, 200, PROMETHEUS, scrape.get());
              case "/health/live" -> send(exchange, 200, JSON, "{\"status\":\"UP\"}");
              case "/health/ready" -> {
                boolean up = ready.getAsBoolean();
                send(
                    exchange,
                    up ? 200 : 503,
                    JSON,
                    "{\"status\":\""
                        + (up ? "UP" : "DOWN")
                        + "\",\"checks\":{\"share_consumer_joined\":\""
                        + (up ? "UP" : "DOWN")
                        + "\"}}");
              }
              default ->
                  send(
                      exchange,
                      404,
                      JSON,
                      "{\"error\":\"no route "
                          + exchange.getRequestURI().getPath().replace("\"", "")
                          + "; this port serves /metrics, /health/live and /health/ready\"}");
            }
          }
        });
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "gist-worker-metrics");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(thread);
    server.start();
    return new MetricsServer(server, thread);
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    thread.shutdownNow();
  }
}
