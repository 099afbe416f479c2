package org.gistsweep.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gistsweep.orchestrator.Orchestrator;
import org.gistsweep.orchestrator.OrchestratorOptions;
import org.gistsweep.testsupport.PrometheusText;
import org.gistsweep.testsupport.RequiresTool;
import org.gistsweep.testsupport.TestHttp;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Tool;
import org.gistsweep.worker.metrics.MicrometerWorkerMetrics;
import org.gistsweep.worker.metrics.WorkerRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * compose.yaml and the monitoring files it mounts: health checks on the health endpoints, services
 * that wait for {@code service_healthy}, the {@code monitoring} profile (Prometheus, Grafana) with
 * scrape targets on the ports the services serve, and a Grafana dashboard that only queries meters
 * the orchestrator and workers really expose. With Docker, {@code docker compose config} accepts
 * it.
 */
@Tag(Tier.DOCKER)
class ComposeFileTest {
  private static final Path ROOT = Path.of("..");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Meters only an orchestrator with Kafka has; the end-to-end IT checks them. */
  private static final Set<String> KAFKA_ONLY = Set.of("gist_events_consumer_lag");

  private static JsonNode compose() throws Exception {
    return YAML.readTree(ROOT.resolve("compose.yaml").toFile());
  }

  @Test
  void servicesHaveHealthChecksAndWaitForHealthyDependencies() throws Exception {
    JsonNode services = compose().get("services");
    for (String name : List.of("orchestrator", "worker")) {
      JsonNode s = services.get(name);
      String check = String.join(" ", YAML.convertValue(s.at("/healthcheck/test"), String[].class));
      String port = name.equals("orchestrator") ? option(s, "--port") : option(s, "--metrics-port");
      assertThat(check)
          .as("%s healthcheck", name)
          .contains("/dev/tcp/127.0.0.1/" + port, "GET /health/ready", " 200 ");
    }
    assertThat(option(services.get("worker"), "--metrics-host")).isEqualTo("0.0.0.0");
    for (String name : List.of("orchestrator", "worker", "submit", "prometheus")) {
      services
          .get(name)
          .get("depends_on")
          .fields()
          .forEachRemaining(
              d ->
                  assertThat(d.getValue().get("condition").asText())
                      .as("%s waits for %s", name, d.getKey())
                      .isEqualTo("service_healthy"));
    }
    assertThat(services.at("/worker/depends_on/orchestrator")).isNotNull();
  }

  @Test
  void theServicesThatCallTheOrchestratorByItsNameMayUseIt() throws Exception {
    JsonNode services = compose().get("services");
    String allowed = option(services.get("orchestrator"), "--allowed-host");
    JsonNode prometheus = YAML.readTree(ROOT.resolve("docker/prometheus.yml").toFile());
    assertThat(prometheus.at("/scrape_configs/0/static_configs/0/targets/0").asText())
        .startsWith(allowed + ":");
    assertThat(URI.create(option(services.get("submit"), "--orchestrator")).getHost())
        .isEqualTo(allowed);
  }

  @Test
  void theOrchestratorServesTheStoreItsWorkersWriteTo() throws Exception {
    JsonNode services = compose().get("services");
    String store = option(services.get("worker"), "--artifacts");
    assertThat(option(services.get("orchestrator"), "--artifacts")).isEqualTo(store);
    String path = URI.create(store).getPath();
    for (String name : List.of("worker", "orchestrator")) {
      List<String> volumes = new ArrayList<>();
      services.get(name).get("volumes").forEach(v -> volumes.add(v.asText()));
      assertThat(volumes).as("%s mounts the store", name).anyMatch(v -> v.endsWith(":" + path));
    }
  }

  @Test
  void workersReadOnlyUnderTheirMountsAndTheOrchestratorKnowsThem() throws Exception {
    JsonNode services = compose().get("services");
    List<String> volumes = new ArrayList<>();
    services.get("worker").get("volumes").forEach(v -> volumes.add(v.asText()));
    for (String name : List.of("worker", "orchestrator")) {
      assertThat(option(services.get(name), "--data-root"))
          .as("%s --data-root", name)
          .isEqualTo("/data");
      assertThat(option(services.get(name), "--weights-root"))
          .as("%s --weights-root", name)
          .isEqualTo("/weights");
    }
    assertThat(volumes)
        .as("the roots are the worker's mounts")
        .anyMatch(v -> v.startsWith("./data:/data"))
        .anyMatch(v -> v.startsWith("./weights:/weights"));
  }

  @Test
  void theMonitoringProfileScrapesWhatTheServicesServe() throws Exception {
    JsonNode services = compose().get("services");
    for (String name : List.of("prometheus", "grafana")) {
      assertThat(services.get(name).get("profiles").toString()).isEqualTo("[\"monitoring\"]");
      for (JsonNode volume : services.get(name).get("volumes")) {
        String source = volume.asText().split(":")[0];
        if (source.startsWith("./")) {
          assertThat(ROOT.resolve(source)).as("%s mounts %s", name, source).exists();
        }
      }
    }
    JsonNode prometheus = YAML.readTree(ROOT.resolve("docker/prometheus.yml").toFile());
    String orchestratorTarget = "orchestrator:" + option(services.get("orchestrator"), "--port");
    assertThat(prometheus.at("/scrape_configs/0/static_configs/0/targets/0").asText())
        .isEqualTo(orchestratorTarget);
    JsonNode workers = prometheus.at("/scrape_configs/1/dns_sd_configs/0");
    assertThat(workers.at("/names/0").asText()).isEqualTo("worker");
    assertThat(workers.get("port").asText())
        .isEqualTo(option(services.get("worker"), "--metrics-port"));
    JsonNode datasource =
        YAML.readTree(
            ROOT.resolve("docker/grafana/provisioning/datasources/prometheus.yaml").toFile());
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(ROOT.resolve("docker/grafana/dashboards/gist-sweep.json").toFile());
    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(panel.at("/datasource/uid").asText())
          .as(panel.get("title").asText())
          .isEqualTo(datasource.at("/datasources/0/uid").asText());
    }
  }

  @Test
  void theDashboardQueriesOnlyMetersThatExist() throws Exception {
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(ROOT.resolve("docker/grafana/dashboards/gist-sweep.json").toFile());
    Set<String> queried = new TreeSet<>();
    Matcher m = Pattern.compile("\\bgist_[a-z_]+").matcher(dashboard.toString());
    while (m.find()) {
      queried.add(m.group());
    }
    assertThat(queried)
        .as("the dashboard's panels")
        .contains(
            "gist_trials",
            "gist_dispatch_latency_seconds_bucket",
            "gist_lease_expiries_total",
            "gist_events_consumer_lag",
            "gist_worker_images_per_second",
            "gist_worker_events_applied_total");
    PrometheusText orchestrator;
    try (Orchestrator serve = Orchestrator.start(OrchestratorOptions.defaults(null, 0))) {
      // an ask/tell study with one trial asked, so the per-study and per-sampler meters exist
      String created =
          post(
              serve.url() + "api/studies",
              "{\"directions\": [\"maximize\"], \"space\": {\"x\": {\"type\": \"float\", \"low\":"
                  + " 0, \"high\": 1}}}");
      post(
          serve.url()
              + "api/studies/"
              + new ObjectMapper().readTree(created).get("id").asText()
              + "/ask",
          "");
      orchestrator = new PrometheusText(TestHttp.get(serve.url() + "metrics").body());
    }
    PrometheusMeterRegistry registry = WorkerRegistry.create();
    new MicrometerWorkerMetrics(registry, "w-1").epochTrained(1.0, 10.0);
    PrometheusText worker = new PrometheusText(registry.scrape());
    registry.close();
    List<String> missing = new ArrayList<>();
    for (String name : queried) {
      if (!orchestrator.has(name) && !worker.has(name) && !KAFKA_ONLY.contains(name)) {
        missing.add(name);
      }
    }
    assertThat(missing).as("meters the dashboard queries but nothing exposes").isEmpty();
  }

  @Test
  @RequiresTool(Tool.DOCKER)
  void dockerComposeAcceptsItWithTheMonitoringProfile() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                "docker",
                "compose",
                "--profile",
                "monitoring",
                "--profile",
                "tools",
                "config",
                "--quiet")
            .directory(ROOT.toFile())
            .redirectErrorStream(true);
    pb.environment().putAll(Map.of("GIST_API_TOKEN", "0123456789abcdef0123456789abcdef"));
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue())
        .as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
  }

  private static String post(String url, String body) throws Exception {
    HttpResponse<String> r = TestHttp.postJson(url, body);
    assertThat(r.statusCode()).as("POST %s: %s", url, r.body()).isBetween(200, 201);
    return r.body();
  }

  /** The value after {@code name} in a service's command. */
  private static String option(JsonNode service, String name) {
    List<String> command = new ArrayList<>();
    service.get("command").forEach(c -> command.add(c.asText()));
    int at = command.indexOf(name);
    assertThat(at).as("%s in %s", name, command).isNotNegative();
    return command.get(at + 1);
  }
}
