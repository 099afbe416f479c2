package org.gistsweep.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --kafka-config FILE}: Kafka client settings (security) for every producer, consumer and
 * admin client.
 */
final class KafkaConfigOption {
  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "Java properties for every Kafka client, e.g. security.protocol=SASL_SSL, sasl.mechanism,"
              + " sasl.jaas.config, ssl.truststore.location (see docs/security.md).")
  Path file;

  /** The checked settings, empty without the option. */
  Map<String, String> load() {
    return file == null ? Map.of() : KafkaConfigFile.load(file);
  }

  /**
   * The settings, refused when there is no {@code --bootstrap}: the embedded broker (or no broker)
   * speaks plaintext on 127.0.0.1 only.
   */
  Map<String, String> loadFor(String bootstrap) {
    if (file != null && bootstrap == null) {
      throw new InvalidConfigException(
          "--kafka-config "
              + file
              + " needs --bootstrap HOST:PORT: it configures the clients of"
              + " a broker you run; the embedded broker is plaintext on 127.0.0.1");
    }
    return load();
  }
}
