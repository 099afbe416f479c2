package org.gistsweep.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.cli.broker.BrokerProbe;
import org.gistsweep.cli.logging.LogFormat;
import org.gistsweep.orchestrator.Orchestrator;
import org.gistsweep.orchestrator.OrchestratorOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./gist-sweep serve --port P}: the HTTP API on its own, for ask/tell from any program.
 * Without {@code --bootstrap} no Kafka is used at all and only ask/tell studies can be created;
 * with it, it is the orchestrator and dispatches worker sweeps too.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serve the HTTP API (ask/tell for any program, and the leaderboard) without Kafka or"
            + " workers; with --bootstrap it also dispatches worker sweeps.")
final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      description = "HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).",
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
      names = "--bootstrap",
      paramLabel = "HOST:PORT",
      description =
          "Kafka bootstrap servers, to run worker sweeps too (default: no Kafka, ask/tell only).")
  String bootstrap;

  @Option(
      names = "--connect-timeout",
      paramLabel = "SECONDS",
      description =
          "With --bootstrap: give up on an unreachable broker after this long (default:"
              + " ${DEFAULT-VALUE}).",
      defaultValue = "20")
  int connectTimeout;

  @Mixin ApiTokenOptions apiToken = new ApiTokenOptions();

  @Mixin ReadTokenOption readToken = new ReadTokenOption();

  @Mixin WebAccessOptions webAccess = new WebAccessOptions();

  @Mixin SubmitRootOptions roots = new SubmitRootOptions();

  @Mixin KafkaConfigOption kafkaConfig = new KafkaConfigOption();

  @Mixin LimitOptions limits = new LimitOptions();

  /** Used with --bootstrap only: a server without workers has no artifacts. */
  @Mixin ArtifactStoreOptions artifacts = new ArtifactStoreOptions();

  @Mixin LogFormat logFormat = new LogFormat();

  final UntilStopped running = new UntilStopped();

  /** Called once the API answers; tests use it to find the port. */
  Consumer<Orchestrator> onReady = o -> {};

  PrintStream out = System.out;

  /** What the ready line says about the token: nothing without one. */
  static String tokenNote(OrchestratorOptions options) {
    if (options.apiToken().isEmpty()) {
      return "";
    }
    return options.webAccess().readToken()
        ? "; every call but the pages and /health needs the API token"
        : "; POST calls need the API token";
  }

  @Override
  public Integer call() throws Exception {
    Map<String, String> kafka = kafkaConfig.loadFor(bootstrap);
    OrchestratorOptions options =
        new OrchestratorOptions(
                bootstrap, host, port, Clock.systemUTC(), kafka, null, apiToken.token())
            .withWebAccess(webAccess.access(readToken.readToken))
            .withWorkerRoots(roots.roots())
            .withLimits(limits.limits());
    ArtifactStore store =
        bootstrap == null
            ? null
            : artifacts.openChecked(GistHome.resolve()); // before the broker is awaited
    try {
      if (bootstrap != null) {
        BrokerProbe.awaitReachable(bootstrap, Duration.ofSeconds(connectTimeout), kafka);
      }
      Orchestrator orchestrator =
          Orchestrator.start(store == null ? options : options.withArtifacts(store));
      out.println(
          "API ready: "
              + orchestrator.url()
              + "api/studies ("
              + (bootstrap == null
                  ? "no Kafka: ask/tell studies only"
                  : "Kafka " + bootstrap + ", artifacts " + store.uri())
              + tokenNote(options)
              + ")");
      onReady.accept(orchestrator);
      running.await(orchestrator, "gist-serve");
    } finally {
      if (store != null) {
        store.close();
      }
    }
    return 0;
  }
}
