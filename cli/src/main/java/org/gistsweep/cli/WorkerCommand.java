package org.gistsweep.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.cli.broker.BrokerProbe;
import org.gistsweep.cli.logging.LogFormat;
import org.gistsweep.common.wire.WorkerReportChecks;
import org.gistsweep.worker.metrics.MetricsServer;
import org.gistsweep.worker.metrics.MicrometerWorkerMetrics;
import org.gistsweep.worker.metrics.WorkerRegistry;
import org.gistsweep.worker.runtime.WorkerNode;
import org.gistsweep.worker.runtime.WorkerOptions;
import org.gistsweep.worker.train.GistTrainers;
import org.gistsweep.worker.train.TrainerEnvironment;
import org.gistsweep.worker.train.TrialTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./gist-sweep worker}: one worker process; SIGTERM hands its trial back at once. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Run a training worker against a Kafka broker.")
final class WorkerCommand implements Callable<Integer> {
  @Option(
      names = "--bootstrap",
      required = true,
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers.")
  String bootstrap;

  @Option(names = "--id", description = "Worker id (default: host name and process id).")
  String id;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "The data folder of a trial whose data_dir is empty, always a data root (default:"
              + " $GIST_SWEEP_HOME/data).")
  Path data;

  @Mixin WorkerRootOptions roots = new WorkerRootOptions();

  @Mixin ArtifactStoreOptions artifacts = new ArtifactStoreOptions();

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve /metrics (Prometheus), /health/live and /health/ready on this port (default: off;"
              + " 0 = any free port).")
  Integer metricsPort;

  @Option(
      names = "--metrics-host",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description =
          "Address the metrics port binds (default: ${DEFAULT-VALUE}; 0.0.0.0 for a Prometheus in"
              + " another container).")
  String metricsHost;

  @Option(
      names = "--connect-timeout",
      paramLabel = "SECONDS",
      description = "Give up on an unreachable broker after this long (default: ${DEFAULT-VALUE}).",
      defaultValue = "20")
  int connectTimeout;

  @Mixin KafkaConfigOption kafkaConfig = new KafkaConfigOption();

  @Mixin LogFormat logFormat = new LogFormat();

  final UntilStopped running = new UntilStopped();

  @Override
  public Integer call() throws Exception {
    String workerId = id != null ? id : defaultId();
    String idProblem = WorkerReportChecks.workerIdProblem(workerId);
    if (idProblem != null) {
      throw new InvalidConfigException(
          "--id: "
              + idProblem
              + "; the orchestrator would refuse every report of this worker."
              + " Pick another id (at most "
              + WorkerReportChecks.MAX_ID_CHARS
              + " printable characters)");
    }
    Map<String, String> kafka = kafkaConfig.load();
    GistHome home = GistHome.resolve();
    Path dataRoot = data != null ? data.toAbsolutePath() : home.data();
    // a mistyped root, a bad store URI or an unwritable store fails before the broker is awaited
    TrainerEnvironment env =
        new TrainerEnvironment(dataRoot, home.cache(), roots.dataRoots(), roots.weightsRoots(home));
    ArtifactStore store = artifacts.openChecked(home);
    try {
      return run(workerId, kafka, home, dataRoot, env, store);
    } finally {
      store.close();
    }
  }

  private int run(
      String workerId,
      Map<String, String> kafka,
      GistHome home,
      Path dataRoot,
      TrainerEnvironment env,
      ArtifactStore store)
      throws Exception {
    BrokerProbe.awaitReachable(bootstrap, Duration.ofSeconds(connectTimeout), kafka);
    WorkerOptions options =
        WorkerOptions.defaults(bootstrap, workerId, dataRoot, home.cache())
            .withKafkaOverrides(kafka)
            .withArtifacts(store);
    TrialTrainer trainer = GistTrainers.create(env);
    System.out.println(
        "Worker "
            + workerId
            + " reads trial files only under the "
            + env.dataRoots().describe()
            + "; "
            + env.weightsRoots().describe()
            + "; and writes trial weights and logs only to the artifact store "
            + store.uri()
            + " (and caches under "
            + home.cache()
            + ")");
    if (metricsPort == null) {
      WorkerNode node = WorkerNode.start(options, trainer);
      System.out.println(
          "Worker " + workerId + " ready (Kafka " + bootstrap + ", data " + dataRoot + ")");
      running.await(node, "gist-worker");
      return 0;
    }
    if (metricsPort < 0 || metricsPort > 65_535) {
      throw new InvalidConfigException("--metrics-port must be 0..65535, got " + metricsPort);
    }
    PrometheusMeterRegistry registry = WorkerRegistry.create();
    MicrometerWorkerMetrics metrics = new MicrometerWorkerMetrics(registry, workerId);
    MetricsServer server;
    try {
      server = MetricsServer.start(metricsHost, metricsPort, registry::scrape, metrics::joined);
    } catch (UncheckedIOException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
    WorkerNode node = WorkerNode.start(options, trainer, metrics);
    System.out.println(
        "Worker "
            + workerId
            + " ready (Kafka "
            + bootstrap
            + ", data "
            + dataRoot
            + "); metrics at http://"
            + metricsHost
            + ":"
            + server.port()
            + "/metrics");
    running.await(
        () -> {
          try (server) {
            node.close();
          } finally {
            registry.close();
          }
        },
        "gist-worker");
    return 0;
  }

  private static String defaultId() {
    String host = System.getenv().getOrDefault("HOSTNAME", "worker");
    return host + "-" + ProcessHandle.current().pid();
  }
}
