package org.gistsweep.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Security settings reach every one of the worker's Kafka clients, applied after the defaults. */
class KafkaConfigsTest {
  private static final Map<String, String> SECURITY =
      Map.of(
          "security.protocol", "SASL_SSL",
          "sasl.mechanism", "SCRAM-SHA-512",
          "sasl.jaas.config",
              "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"w\""
                  + " password=\"p\";",
          "ssl.truststore.location", "/etc/kafka/truststore.jks",
          "request.timeout.ms", "12345");

  @Test
  void overridesReachTheShareConsumerTheProducerAndTheControlConsumer() {
    WorkerOptions options =
        new WorkerOptions(
            "broker:9093",
            "w1",
            Path.of("data"),
            Path.of("cache"),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            SECURITY,
            Clock.systemUTC());
    List<Properties> all =
        List.of(
            KafkaConfigs.shareConsumer(options),
            KafkaConfigs.producer(options.bootstrap(), options.kafkaOverrides()),
            KafkaConfigs.controlConsumer(options.bootstrap(), options.kafkaOverrides()));
    for (Properties p : all) {
      assertThat(p)
          .containsAllEntriesOf(SECURITY)
          .containsEntry("bootstrap.servers", "broker:9093");
    }
    assertThat(all.get(0))
        .containsEntry("group.id", "gist-workers")
        .containsEntry("max.poll.records", "1");
    assertThat(all.get(1)).containsEntry("acks", "all");
  }

  @Test
  void withoutOverridesTheClientsStayPlaintext() {
    WorkerOptions options =
        WorkerOptions.defaults("broker:9092", "w1", Path.of("data"), Path.of("cache"));
    assertThat(KafkaConfigs.shareConsumer(options)).doesNotContainKey("security.protocol");
    assertThat(KafkaConfigs.producer("broker:9092", Map.of()))
        .doesNotContainKey("security.protocol");
  }
}
