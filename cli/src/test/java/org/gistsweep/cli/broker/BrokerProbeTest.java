package org.gistsweep.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The probe gives up within its timeout and says how to get a broker. */
class BrokerProbeTest {

  @Test
  void unusedPortThrowsWithinTheTimeout() {
    int port = Ports.free();
    String bootstrap = "127.0.0.1:" + port;
    long started = System.nanoTime();
    assertTimeoutPreemptively(
        Duration.ofSeconds(8),
        () ->
            assertThatThrownBy(() -> BrokerProbe.awaitReachable(bootstrap, Duration.ofSeconds(5)))
                .isInstanceOf(UnreachableBrokerException.class)
                .hasMessageStartingWith(
                    "Kafka broker at " + bootstrap + " is unreachable after 5s: ")
                .hasMessageContaining("`./gist-sweep broker --port " + port + "`")
                .hasMessageEndingWith("or pass --bootstrap HOST:PORT of a running broker."));
    System.out.printf(
        "[broker] unreachable probe (5 s timeout) gave up after %d ms%n",
        BrokerContract.millisSince(started));
  }

  @Test
  void unresolvableHostThrowsQuickly() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(8),
        () ->
            assertThatThrownBy(
                    () ->
                        BrokerProbe.awaitReachable(
                            "no-such-host.invalid:9093", Duration.ofSeconds(5)))
                .isInstanceOf(UnreachableBrokerException.class)
                .hasMessageContaining("no-such-host.invalid:9093")
                .hasMessageContaining("--port 9093"));
  }

  @Test
  void portOfFallsBackTo9092() {
    assertThat(BrokerProbe.portOf("h:1234,h2:5")).isEqualTo("1234");
    assertThat(BrokerProbe.portOf("localhost")).isEqualTo("9092");
  }

  @Test
  void theProbesAdminClientCarriesTheKafkaConfig() {
    Map<String, String> security =
        Map.of(
            "security.protocol",
            "SASL_SSL",
            "sasl.mechanism",
            "PLAIN",
            "ssl.truststore.location",
            "/etc/kafka/truststore.p12",
            "request.timeout.ms",
            "4321");
    assertThat(BrokerProbe.adminConfig("b:9093", 5_000, security))
        .containsAllEntriesOf(security)
        .containsEntry("bootstrap.servers", "b:9093");
    assertThat(BrokerProbe.adminConfig("b:9092", 5_000)).doesNotContainKey("security.protocol");
  }
}
