package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A --kafka-config file is checked before anything connects, and its values are never echoed. */
class KafkaConfigFileTest {
  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\""
          + " password=\"hunter2\";";

  @TempDir Path dir;

  private Path file(String text) throws Exception {
    return Files.writeString(dir.resolve("kafka.properties"), text);
  }

  @Test
  void securitySettingsAreReadAsGiven() throws Exception {
    Path store = Files.writeString(dir.resolve("truststore.p12"), "not really a store");
    Path f =
        file(
            "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config="
                + JAAS.replace("\\", "\\\\")
                + "\nssl.truststore.location="
                + store
                + "\nssl.truststore.type=PKCS12\n# a comment\nrequest.timeout.ms = 20000\n");
    Map<String, String> settings = KafkaConfigFile.load(f);
    assertThat(settings)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("ssl.truststore.location", store.toString())
        .containsEntry("request.timeout.ms", "20000")
        .hasSize(6);
  }

  @Test
  void anUnknownKeyIsRefusedNamingFileKeyAndTheNearestSetting() throws Exception {
    Path f = file("security.protocol=SSL\nssl.trustore.location=/tmp/x\n");
    assertThatThrownBy(() -> KafkaConfigFile.load(f))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("unknown Kafka client setting 'ssl.trustore.location'")
        .hasMessageContaining("did you mean ssl.truststore.location?");
  }

  @Test
  void settingsGistSweepOwnsAreRefusedWithTheReason() throws Exception {
    Path f = file("bootstrap.servers=elsewhere:9092\n");
    assertThatThrownBy(() -> KafkaConfigFile.load(f))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(f + ": bootstrap.servers is set by gist-sweep itself")
        .hasMessageContaining("--bootstrap");
    Path g = file("group.id=mine\n");
    assertThatThrownBy(() -> KafkaConfigFile.load(g)).hasMessageContaining("group.id");
  }

  @Test
  void badValuesAndMissingStoresAreNamed() throws Exception {
    Path f = file("security.protocol=TLS\n");
    assertThatThrownBy(() -> KafkaConfigFile.load(f))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(f + ": security.protocol")
        .hasMessageContaining("SASL_SSL");
    Path g = file("ssl.truststore.location=" + dir.resolve("absent.jks") + "\n");
    assertThatThrownBy(() -> KafkaConfigFile.load(g))
        .hasMessageContaining("ssl.truststore.location")
        .hasMessageContaining("does not exist");
    Path h = file("request.timeout.ms=soon\n");
    assertThatThrownBy(() -> KafkaConfigFile.load(h)).hasMessageContaining("request.timeout.ms");
  }

  @Test
  void aMissingFileIsNamed() {
    Path absent = dir.resolve("nope.properties");
    assertThatThrownBy(() -> KafkaConfigFile.load(absent))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(absent + ": file not found");
  }

  @Test
  void theNearestWordIsFoundOnlyWhenClose() {
    assertThat(Closest.among("sasl.mechansim", List.of("sasl.mechanism", "ssl.protocol")))
        .hasValue("sasl.mechanism");
    assertThat(Closest.among("completely.different", List.of("sasl.mechanism"))).isEmpty();
  }
}
