package org.gistsweep.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gistsweep.cli.broker.KafkaBrokerExtension;
import org.gistsweep.cli.process.ChildProcess;
import org.gistsweep.cli.process.FreePorts;
import org.gistsweep.cli.process.GistCli;
import org.gistsweep.cli.process.ProcessGroup;
import org.gistsweep.cli.process.PrometheusText;
import org.gistsweep.cli.process.Readiness;
import org.gistsweep.cli.process.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gist-sweep worker --metrics-port P} as its own process against a real broker: the port
 * answers, and {@code /health/ready} turns 200 once the worker's share consumer has joined its group.
 */
class WorkerMetricsIT {
  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theMetricsPortServesAndIsReadyOnceTheShareConsumerJoined() throws Exception {
    int port = FreePorts.next();
    String base = "http://127.0.0.1:" + port;
    try (ProcessGroup group = new ProcessGroup(dir.resolve("logs"))) {
      ChildProcess worker = group.child("worker", GistCli.command(List.of("-Xmx384m"), "worker", "--bootstrap", BROKER.bootstrap(),
              "--id", "metrics-w1", "--data", dir.resolve("data").toString(), "--metrics-port", Integer.toString(port)),
          GistCli.environment(dir.resolve("home")), Readiness.logLine("Worker metrics-w1 ready"), Duration.ofSeconds(90)).start();
      assertThat(worker.currentRunLog()).contains(base + "/metrics");
      assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
      Waits.until("the worker's /health/ready to answer 200", Duration.ofSeconds(60), () -> {
        try {
          return get(base + "/health/ready").statusCode() == 200;
        } catch (Exception e) {
          return false;
        }
      });
      PrometheusText scrape = new PrometheusText(get(base + "/metrics").body());
      assertThat(scrape.sum("gist_worker_trials_total", "worker", "metrics-w1")).isZero();
      assertThat(scrape.has("gist_worker_memory_used_bytes") && scrape.has("gist_worker_images_per_second")
          && scrape.has("jvm_memory_used_bytes")).isTrue();
    }
  }
}
