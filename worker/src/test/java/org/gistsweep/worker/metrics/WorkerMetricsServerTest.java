package org.gistsweep.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import org.gistsweep.testsupport.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's monitoring port over real HTTP, fed through the metrics port as a worker feeds it.
 */
class WorkerMetricsServerTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MicrometerWorkerMetrics metrics = new MicrometerWorkerMetrics(registry, "w-1");
  private final MetricsServer server =
      MetricsServer.start("127.0.0.1", 0, registry::scrape, metrics::joined);

  @AfterEach
  void close() {
    server.close();
    registry.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return TestHttp.get("http://127.0.0.1:" + server.port() + path);
  }

  @Test
  void readyOnceTheConsumerHasJoinedAndNotAfterAFailedPoll() throws Exception {
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    assertThat(get("/health/ready").statusCode()).isEqualTo(503);
    metrics.consumerPolled(true);
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"share_consumer_joined\":\"UP\"");
    metrics.consumerPolled(false);
    assertThat(get("/health/ready").statusCode()).isEqualTo(503);
    HttpResponse<String> missing = get("/nothing");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("\"error\"", "/metrics");
  }

  @Test
  void trialsEpochsThroughputCurrentTrialAndMemoryAreScraped() throws Exception {
    metrics.trialStarted("s-1", 3, 2);
    metrics.epochTrained(1.5, 120.0);
    metrics.epochTrained(2.5, 80.0);
    String during = get("/metrics").body();
    assertThat(during)
        .containsPattern(
            "gist_worker_trial_info\\{attempt=\"2\",study=\"s-1\",trial=\"3\",worker=\"w-1\"}"
                + " 1(\\.0)?\n");
    assertThat(during).contains("gist_worker_images_per_second{worker=\"w-1\"} 80.0");
    assertThat(during)
        .contains(
            "gist_worker_epoch_seconds_count{worker=\"w-1\"} 2",
            "gist_worker_epoch_seconds_sum{worker=\"w-1\"} 4.0");
    assertThat(during)
        .containsPattern(
            "gist_worker_memory_used_bytes\\{source=\"(rss|gpu)\",worker=\"w-1\"} [1-9]");
    metrics.trialEnded("pruned");
    HttpResponse<String> after = get("/metrics");
    assertThat(after.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(after.body())
        .containsPattern("gist_worker_trials_total\\{outcome=\"pruned\",worker=\"w-1\"} 1(\\.0)?\n")
        .containsPattern(
            "gist_worker_trials_total\\{outcome=\"complete\",worker=\"w-1\"} 0(\\.0)?\n");
    assertThat(after.body())
        .as("an idle worker shows no current trial")
        .doesNotContainPattern("gist_worker_trial_info\\{");
  }
}
