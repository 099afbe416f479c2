package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.gistsweep.orchestrator.Orchestrator;
import org.gistsweep.orchestrator.OrchestratorOptions;
import org.gistsweep.testsupport.RequiresTool;
import org.gistsweep.testsupport.TestHttp;
import org.gistsweep.testsupport.Tool;
import org.gistsweep.worker.metrics.MicrometerWorkerMetrics;
import org.gistsweep.worker.metrics.WorkerRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both scrapes, the orchestrator's (here {@code serve}'s) and a worker's, pass {@code promtool
 * check metrics}.
 */
@RequiresTool(Tool.PROMTOOL)
class PrometheusExpositionTest {
  @TempDir Path dir;

  @Test
  void orchestratorAndWorkerScrapesPassPromtool() throws Exception {
    try (Orchestrator serve = Orchestrator.start(OrchestratorOptions.defaults(null, 0))) {
      String orchestrator = TestHttp.get(serve.url() + "metrics").body();
      assertThat(orchestrator)
          .contains("gist_studies", "vertx_http_server", "jvm_memory_used_bytes");
      assertPromtoolAccepts(orchestrator, "orchestrator.prom");
    }
    PrometheusMeterRegistry registry = WorkerRegistry.create();
    MicrometerWorkerMetrics worker = new MicrometerWorkerMetrics(registry, "w-1");
    worker.trialStarted("s", 0, 1);
    worker.epochTrained(2.0, 100.0);
    assertPromtoolAccepts(registry.scrape(), "worker.prom");
    registry.close();
  }

  private void assertPromtoolAccepts(String exposition, String name) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, exposition);
    Process p =
        new ProcessBuilder("promtool", "check", "metrics")
            .redirectInput(file.toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("promtool check metrics on %s:%n%s", name, out).isZero();
  }
}
