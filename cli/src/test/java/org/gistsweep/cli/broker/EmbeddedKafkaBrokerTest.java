package org.gistsweep.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start failures that are detected before Kafka runs, with messages naming the fix. */
@Tag(Tier.BROKER)
class EmbeddedKafkaBrokerTest {

  @TempDir Path tmp;

  @Test
  void portInUseIsNamedWithTheFix() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> EmbeddedKafkaBroker.start(new BrokerOptions(port, tmp, Map.of())))
          .isInstanceOf(BrokerStartException.class)
          .hasMessageContaining("Port " + port)
          .hasMessageContaining("already in use")
          .hasMessageContaining("--port");
    }
  }

  @Test
  void unwritableDataDirIsNamedWithTheFix() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
    Path dataDir = file.resolve("data");
    assertThatThrownBy(() -> EmbeddedKafkaBroker.start(new BrokerOptions(0, dataDir, Map.of())))
        .isInstanceOf(BrokerStartException.class)
        .hasMessageContaining(dataDir.toString())
        .hasMessageContaining("--data-dir");
  }

  @Test
  void optionsRejectBadPortsAndCopyOverrides() {
    assertThatThrownBy(() -> new BrokerOptions(70000, null, Map.of()))
        .hasMessageContaining("70000");
    assertThat(new BrokerOptions(0, null, null).overrides()).isEmpty();
  }
}
