package org.gistsweep.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gistsweep.cli.broker.KafkaBrokerExtension;
import org.gistsweep.cli.process.ChildProcess;
import org.gistsweep.cli.process.GistCli;
import org.gistsweep.cli.process.ProcessGroup;
import org.gistsweep.cli.process.Readiness;
import org.gistsweep.common.spec.SweepSpecParser;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.Orchestrator;
import org.gistsweep.orchestrator.OrchestratorOptions;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.testsupport.FreePorts;
import org.gistsweep.testsupport.PrometheusText;
import org.gistsweep.testsupport.TestHttp;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gist-sweep worker --metrics-port P --log-format json} as its own process against a real
 * broker and an orchestrator: the port answers, {@code /health/ready} turns 200 once the worker's
 * share consumer has joined its group, a trial it trains shows in its meters, and its log lines
 * about the trial are JSON with study, trial, attempt and worker as fields.
 */
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
class WorkerMetricsIT {
  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();

  @TempDir Path dir;

  private HttpResponse<String> get(String url) throws Exception {
    return TestHttp.get(url);
  }

  private static final String SWEEP =
      """
      name: worker-metrics
      budget: {trials: 1, parallel: 1, epochs: 1}
      sampler: {type: random, seed: 1}
      training: {task: synthetic-shapes, peft: adapter, batch_size: 50, warmup_epochs: 0}
      space:
        lr: {type: float, low: 3.0e-3, high: 2.0e-2, log: true}
      """;

  @Test
  void theMetricsPortServesIsReadyOnceJoinedAndCountsTheTrialItTrains() throws Exception {
    int port = FreePorts.next();
    String base = "http://127.0.0.1:" + port;
    try (ProcessGroup group = new ProcessGroup(dir.resolve("logs"))) {
      ChildProcess worker =
          group
              .child(
                  "worker",
                  GistCli.command(
                      List.of("-Xmx384m"),
                      "worker",
                      "--bootstrap",
                      BROKER.bootstrap(),
                      "--id",
                      "metrics-w1",
                      "--data",
                      dir.resolve("data").toString(),
                      "--metrics-port",
                      Integer.toString(port),
                      "--log-format",
                      "json"),
                  GistCli.environment(dir.resolve("home")),
                  Readiness.logLine("Worker metrics-w1 ready"),
                  Duration.ofSeconds(90))
              .start();
      assertThat(worker.currentRunLog()).contains(base + "/metrics");
      assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
      Waits.until(
          "the worker's /health/ready to answer 200",
          Duration.ofSeconds(60),
          () -> {
            try {
              return get(base + "/health/ready").statusCode() == 200;
            } catch (Exception e) {
              return false;
            }
          });
      PrometheusText before = new PrometheusText(get(base + "/metrics").body());
      assertThat(before.sum("gist_worker_trials_total", "worker", "metrics-w1")).isZero();
      assertThat(before.has("gist_worker_memory_used_bytes") && before.has("jvm_memory_used_bytes"))
          .isTrue();

      String id;
      try (Orchestrator orchestrator =
          Orchestrator.start(
              new OrchestratorOptions(BROKER.bootstrap(), null, 0, null, Map.of()))) {
        id =
            orchestrator.submit(
                SweepSpecParser.parse(SWEEP, "worker-metrics.yaml", "worker-metrics"));
        StudySnapshot done = orchestrator.completion(id).get(4, TimeUnit.MINUTES);
        assertThat(done.trials())
            .singleElement()
            .satisfies(t -> assertThat(t.state()).isEqualTo(TrialState.COMPLETE));
      }
      PrometheusText after = new PrometheusText(get(base + "/metrics").body());
      assertThat(
              after.sum("gist_worker_trials_total", "worker", "metrics-w1", "outcome", "complete"))
          .isEqualTo(1);
      assertThat(after.sum("gist_worker_epoch_seconds_count", "worker", "metrics-w1")).isEqualTo(1);
      assertThat(after.sum("gist_worker_images_per_second", "worker", "metrics-w1")).isPositive();

      JsonNode started = null;
      for (String line : worker.currentRunLog().split("\n")) {
        if (line.startsWith("{") && line.contains("attempt 1 started")) {
          started = new ObjectMapper().readTree(line);
        }
      }
      assertThat(started)
          .as("the worker's JSON log line of the trial's start:%n%s", worker.tail())
          .isNotNull();
      assertThat(started.get("study").asText()).isEqualTo(id);
      assertThat(started.get("trial").asInt()).isZero();
      assertThat(started.get("attempt").asInt()).isEqualTo(1);
      assertThat(started.get("worker").asText()).isEqualTo("metrics-w1");
    }
  }
}
