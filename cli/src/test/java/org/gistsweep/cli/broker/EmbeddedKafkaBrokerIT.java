package org.gistsweep.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycle of the in-JVM broker: data survives a restart, a temporary directory does not. */
@Tag(Tier.BROKER)
class EmbeddedKafkaBrokerIT {

  @TempDir Path dataDir;

  @Test
  void restartOnSameDataDirKeepsTopicsAndRecords() throws Exception {
    BrokerOptions options = new BrokerOptions(0, dataDir, Map.of());
    long started = System.nanoTime();
    int port;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(options)) {
      System.out.printf(
          "[broker] first start (format + start): %d ms%n", BrokerContract.millisSince(started));
      port = broker.port();
      BrokerProbe.ensureTopics(
          broker.bootstrapServers(), List.of(new NewTopic("kept", 1, (short) 1)));
      Clients.produce(broker.bootstrapServers(), "kept", List.of("r1", "r2", "r3"));
      started = System.nanoTime();
    }
    System.out.printf("[broker] close: %d ms%n", BrokerContract.millisSince(started));

    started = System.nanoTime();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(options.withPort(port))) {
      System.out.printf(
          "[broker] restart on same dir and port: %d ms%n", BrokerContract.millisSince(started));
      assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
      assertThat(Clients.readFromStart(broker.bootstrapServers(), "kept", 3))
          .containsExactly("r1", "r2", "r3");
    }
    assertThat(dataDir.resolve("kafka-logs").resolve("meta.properties")).exists();
  }

  @Test
  void temporaryDataDirIsDeletedOnClose() {
    Path used;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.ephemeral())) {
      used = broker.dataDir();
      assertThat(used).isDirectory();
      BrokerProbe.awaitReachable(broker.bootstrapServers(), Duration.ofSeconds(5));
    }
    assertThat(Files.exists(used)).isFalse();
  }
}
