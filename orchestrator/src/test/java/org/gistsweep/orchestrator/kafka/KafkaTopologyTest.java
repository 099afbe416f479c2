package org.gistsweep.orchestrator.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaTopologyTest {
  @Test
  void anUnreachableBrokerGivesAClearErrorQuickly() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String bootstrap = "127.0.0.1:" + port;
    long start = System.nanoTime();
    assertThatThrownBy(
            () -> KafkaTopology.ensure(bootstrap, (short) 1, Map.of(), Duration.ofSeconds(2)))
        .isInstanceOf(BrokerUnreachableException.class)
        .hasMessageContaining("Kafka broker at " + bootstrap + " is unreachable")
        .hasMessageContaining("start one with ./gist-sweep broker or pass --bootstrap");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void topicsHaveTheDocumentedPartitions() {
    assertThat(KafkaTopology.PARTITIONS)
        .containsEntry("gist.trials", 1)
        .containsEntry("gist.events", 4)
        .containsEntry("gist.control", 1)
        .containsEntry("gist.dead-letters", 1);
  }
}
