package org.gistsweep.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.cli.broker.BrokerProbe;
import org.gistsweep.cli.logging.LogFormat;
import org.gistsweep.orchestrator.Orchestrator;
import org.gistsweep.orchestrator.OrchestratorOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./gist-sweep orchestrator}: the orchestrator as its own process, until SIGTERM. */
@Command(
    name = "orchestrator",
    mixinStandardHelpOptions = true,
    description = "Run the orchestrator (API, leaderboard, dispatch) against a Kafka broker.")
final class OrchestratorCommand implements Callable<Integer> {
  @Option(
      names = "--bootstrap",
      required = true,
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers.")
  String bootstrap;

  @Option(
      names = "--port",
      description = "HTTP port (default: ${DEFAULT-VALUE}).",
      defaultValue = "8080")
  int port;

  @Option(
      names = "--host",
      description =
          "HTTP bind address (default: ${DEFAULT-VALUE}); any other than loopback needs an API"
              + " token.",
      defaultValue = "127.0.0.1")
  String host;

  @Option(
      names = "--connect-timeout",
      paramLabel = "SECONDS",
      description = "Give up on an unreachable broker after this long (default: ${DEFAULT-VALUE}).",
      defaultValue = "20")
  int connectTimeout;

  @Option(
      names = "--worker-lease",
      paramLabel = "SECONDS",
      description =
          "Issue a running trial again when its worker is silent this long (default:"
              + " ${DEFAULT-VALUE}).",
      defaultValue = "30")
  int workerLease;

  @Mixin ApiTokenOptions apiToken = new ApiTokenOptions();

  @Mixin ReadTokenOption readToken = new ReadTokenOption();

  @Mixin WebAccessOptions webAccess = new WebAccessOptions();

  @Mixin SubmitRootOptions roots = new SubmitRootOptions();

  @Mixin KafkaConfigOption kafkaConfig = new KafkaConfigOption();

  @Mixin LimitOptions limits = new LimitOptions();

  @Mixin ArtifactStoreOptions artifacts = new ArtifactStoreOptions();

  @Mixin LogFormat logFormat = new LogFormat();

  final UntilStopped running = new UntilStopped();

  @Override
  public Integer call() throws Exception {
    Map<String, String> kafka = kafkaConfig.load();
    OrchestratorOptions options =
        new OrchestratorOptions(
                bootstrap,
                host,
                port,
                Clock.systemUTC(),
                kafka,
                Duration.ofSeconds(workerLease),
                apiToken.token())
            .withWebAccess(webAccess.access(readToken.readToken))
            .withWorkerRoots(roots.roots())
            .withLimits(limits.limits());
    try (ArtifactStore store =
        artifacts.openChecked(
            GistHome.resolve())) { // a bad store fails before the broker is awaited
      BrokerProbe.awaitReachable(bootstrap, Duration.ofSeconds(connectTimeout), kafka);
      Orchestrator orchestrator = Orchestrator.start(options.withArtifacts(store));
      System.out.println(
          "Orchestrator ready: "
              + orchestrator.url()
              + " (Kafka "
              + bootstrap
              + ", artifacts "
              + store.uri()
              + ")"
              + ServeCommand.tokenNote(options));
      running.await(orchestrator, "gist-orchestrator");
    }
    return 0;
  }
}
