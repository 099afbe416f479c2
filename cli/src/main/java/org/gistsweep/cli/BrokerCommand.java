package org.gistsweep.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.gistsweep.cli.broker.BrokerOptions;
import org.gistsweep.cli.broker.EmbeddedKafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./gist-sweep broker}: a standalone single-node KRaft broker until Ctrl-C. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = "Run a standalone single-node Kafka (KRaft) broker.")
final class BrokerCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}).",
      defaultValue = "9092")
  int port;

  @Option(
      names = "--dir",
      paramLabel = "D",
      description = "Data directory; kept across restarts (default: a temporary one).")
  Path dir;

  @Override
  public Integer call() throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(new BrokerOptions(port, dir, Map.of()));
    java.lang.Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stopped.countDown();
                },
                "gist-broker-shutdown"));
    System.out.println(
        "Kafka broker ready at "
            + broker.bootstrapServers()
            + (dir == null ? " (temporary data)" : " (data in " + dir + ")"));
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }
}
