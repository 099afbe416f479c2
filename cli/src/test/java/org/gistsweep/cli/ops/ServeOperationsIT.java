package org.gistsweep.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gistsweep.cli.process.ChildProcess;
import org.gistsweep.cli.process.GistCli;
import org.gistsweep.cli.process.ProcessGroup;
import org.gistsweep.cli.process.Readiness;
import org.gistsweep.testsupport.FreePorts;
import org.gistsweep.testsupport.PrometheusText;
import org.gistsweep.testsupport.TestHttp;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gist-sweep serve --log-format json} as its own process: it answers the operations
 * endpoints (metrics, health, the OpenAPI document and Swagger UI), and every log line on its
 * output is one JSON object.
 */
@Tag(Tier.BROKER)
class ServeOperationsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private HttpResponse<String> get(String url) throws Exception {
    return TestHttp.get(url);
  }

  @Test
  void serveAnswersTheOperationsEndpointsAndLogsJson() throws Exception {
    int port = FreePorts.next();
    String base = "http://127.0.0.1:" + port;
    try (ProcessGroup group = new ProcessGroup(dir.resolve("logs"))) {
      ChildProcess serve =
          group
              .child(
                  "serve",
                  GistCli.command(
                      List.of("-Xmx256m"),
                      "serve",
                      "--port",
                      Integer.toString(port),
                      "--log-format",
                      "json"),
                  GistCli.environment(dir.resolve("home")),
                  Readiness.http(base + "/health/ready"),
                  Duration.ofSeconds(90))
              .start();

      HttpResponse<String> ready = get(base + "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(ready.body()).get("checks").get("journal_store").asText())
          .isEqualTo("UP");
      assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = get(base + "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      PrometheusText scrape = new PrometheusText(metrics.body());
      assertThat(scrape.sum("gist_studies", "state", "running")).isZero();
      assertThat(scrape.has("jvm_memory_used_bytes")).isTrue();
      assertThat(JSON.readTree(get(base + "/api/openapi.json").body()).get("openapi").asText())
          .startsWith("3.1");
      assertThat(get(base + "/api/docs").body()).contains("/api/docs/swagger-ui-bundle.js");

      serve.awaitLog("orchestrator ready", Duration.ofSeconds(30));
      List<JsonNode> logs = new ArrayList<>();
      for (String line : serve.currentRunLog().split("\n")) {
        if (line.startsWith("{")) {
          logs.add(JSON.readTree(line));
        } else {
          assertThat(line)
              .as("a line that is not JSON must be the command's own output, not a log line")
              .doesNotContainPattern("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[")
              .doesNotContain(" INFO ", " WARN ", "SLF4J");
        }
      }
      assertThat(logs)
          .anySatisfy(
              l -> {
                assertThat(l.get("level").asText()).isEqualTo("INFO");
                assertThat(l.get("message").asText()).contains("orchestrator ready");
                assertThat(l.get("logger").asText())
                    .isEqualTo("org.gistsweep.orchestrator.Orchestrator");
              });
    }
  }
}
