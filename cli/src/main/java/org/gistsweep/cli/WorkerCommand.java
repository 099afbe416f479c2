package org.gistsweep.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gistsweep.cli.broker.BrokerProbe;
import org.gistsweep.worker.runtime.WorkerNode;
import org.gistsweep.worker.runtime.WorkerOptions;
import org.gistsweep.worker.train.GistTrainers;
import org.gistsweep.worker.train.TrainerEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./gist-sweep worker}: one worker process; SIGTERM hands its trial back at once. */
@Command(name = "worker", mixinStandardHelpOptions = true, description = "Run a training worker against a Kafka broker.")
final class WorkerCommand implements Callable<Integer> {
  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
  String bootstrap;

  @Option(names = "--id", description = "Worker id (default: host name and process id).")
  String id;

  @Option(names = "--data", paramLabel = "DIR", description = "Root of the VTAB-1K layout (default: $GIST_SWEEP_HOME/data).")
  Path data;

  @Option(names = "--connect-timeout", paramLabel = "SECONDS", description = "Give up on an unreachable broker after this long (default: ${DEFAULT-VALUE}).", defaultValue = "20")
  int connectTimeout;

  @Mixin KafkaConfigOption kafkaConfig = new KafkaConfigOption();

  final UntilStopped running = new UntilStopped();

  @Override
  public Integer call() throws Exception {
    Map<String, String> kafka = kafkaConfig.load();
    BrokerProbe.awaitReachable(bootstrap, Duration.ofSeconds(connectTimeout), kafka);
    GistHome home = GistHome.resolve();
    Path dataRoot = data != null ? data.toAbsolutePath() : home.data();
    String workerId = id != null ? id : defaultId();
    WorkerNode node = WorkerNode.start(
        WorkerOptions.defaults(bootstrap, workerId, dataRoot, home.cache()).withKafkaOverrides(kafka),
        GistTrainers.create(new TrainerEnvironment(dataRoot, home.cache())));
    System.out.println("Worker " + workerId + " ready (Kafka " + bootstrap + ", data " + dataRoot + ")");
    running.await(node, "gist-worker");
    return 0;
  }

  private static String defaultId() {
    String host = System.getenv().getOrDefault("HOSTNAME", "worker");
    return host + "-" + ProcessHandle.current().pid();
  }
}
