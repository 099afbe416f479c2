package org.gistsweep.orchestrator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Security settings reach the orchestrator's producer, consumer and admin client, after the
 * defaults.
 */
class KafkaClientsTest {
  private static final Map<String, String> SECURITY =
      Map.of(
          "security.protocol", "SASL_SSL",
          "sasl.mechanism", "PLAIN",
          "sasl.jaas.config",
              "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"o\""
                  + " password=\"p\";",
          "ssl.truststore.location", "/etc/kafka/truststore.p12",
          "ssl.truststore.type", "PKCS12",
          "request.timeout.ms", "12345");

  @Test
  void overridesReachEveryClientAndWinOverDefaults() {
    List<Map<String, Object>> all =
        List.of(
            KafkaClients.producerConfig("broker:9093", SECURITY),
            KafkaClients.consumerConfig("broker:9093", SECURITY),
            KafkaClients.adminConfig("broker:9093", Duration.ofSeconds(20), SECURITY));
    for (Map<String, Object> c : all) {
      assertThat(c)
          .containsAllEntriesOf(SECURITY)
          .containsEntry("bootstrap.servers", "broker:9093");
    }
  }

  @Test
  void withoutOverridesNoSecuritySettingIsInvented() {
    assertThat(KafkaClients.producerConfig("b:1", Map.of())).doesNotContainKey("security.protocol");
    assertThat(KafkaClients.consumerConfig("b:1", Map.of())).doesNotContainKey("security.protocol");
    assertThat(KafkaClients.adminConfig("b:1", Duration.ofSeconds(1), Map.of()))
        .doesNotContainKey("security.protocol");
  }
}
