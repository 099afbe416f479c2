package org.gistsweep.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Reads a {@code --kafka-config} file: Java properties for every Kafka client (security.protocol,
 * sasl.*, ssl.*, timeouts). Checked before anything connects: a key no producer, consumer or admin
 * client knows, a key gist-sweep sets itself, a bad value or a missing key/trust store is refused
 * with a message naming the file and the key. Values are never printed (they hold passwords).
 */
final class KafkaConfigFile {
  private static final List<ConfigDef> DEFS =
      List.of(
          ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef());

  /** Keys gist-sweep sets on its clients, with the reason they cannot be overridden. */
  private static final Map<String, String> RESERVED =
      Map.ofEntries(
          Map.entry("bootstrap.servers", "give the address with --bootstrap"),
          Map.entry("client.id", "each client gets its own id"),
          Map.entry("group.id", "the orchestrator and the workers use fixed groups"),
          Map.entry("group.instance.id", "workers must not share a static membership"),
          Map.entry("key.serializer", "messages are encoded by gist-sweep"),
          Map.entry("value.serializer", "messages are encoded by gist-sweep"),
          Map.entry("key.deserializer", "messages are decoded by gist-sweep"),
          Map.entry("value.deserializer", "messages are decoded by gist-sweep"),
          Map.entry("enable.auto.commit", "offsets are committed once an event is applied"),
          Map.entry("auto.offset.reset", "each consumer starts where it must"),
          Map.entry("share.acknowledgement.mode", "workers acknowledge each trial explicitly"),
          Map.entry("share.acquire.mode", "workers take one trial at a time"),
          Map.entry("max.poll.records", "workers take one trial at a time"),
          Map.entry("enable.idempotence", "delivery guarantees are fixed"),
          Map.entry("acks", "delivery guarantees are fixed"),
          Map.entry("transactional.id", "gist-sweep does not use transactions"));

  private KafkaConfigFile() {}

  /**
   * The file's settings, checked.
   *
   * @throws InvalidConfigException naming the file, the key and the fix
   */
  static Map<String, String> load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidConfigException(
          file
              + ": file not found; --kafka-config takes a Java properties file"
              + " of Kafka client settings, e.g. security.protocol=SASL_SSL");
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidConfigException(
          file + ": cannot read it as a Java properties file: " + e.getMessage(), e);
    }
    Map<String, String> settings = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      String value = p.getProperty(key).strip();
      check(file, key, value);
      settings.put(key, value);
    }
    return Map.copyOf(settings);
  }

  private static void check(Path file, String key, String value) {
    String reserved = RESERVED.get(key);
    if (reserved != null) {
      throw new InvalidConfigException(
          file
              + ": "
              + key
              + " is set by gist-sweep itself ("
              + reserved
              + "); remove it from the file");
    }
    ConfigDef.ConfigKey def =
        find(key)
            .orElseThrow(
                () ->
                    new InvalidConfigException(
                        file
                            + ": unknown Kafka client setting '"
                            + key
                            + "'"
                            + Closest.among(
                                    key, DEFS.stream().flatMap(d -> d.names().stream()).toList())
                                .map(k -> "; did you mean " + k + "?")
                                .orElse("")
                            + " The file takes producer, consumer and admin client settings such as"
                            + " security.protocol, sasl.mechanism, sasl.jaas.config,"
                            + " ssl.truststore.location"));
    try {
      Object parsed = ConfigDef.parseType(key, value, def.type);
      if (def.validator != null) {
        def.validator.ensureValid(key, parsed);
      }
    } catch (ConfigException e) {
      String why = def.type == ConfigDef.Type.PASSWORD ? "not a valid " + def.type : e.getMessage();
      throw new InvalidConfigException(file + ": " + key + ": " + why, e);
    }
    if (key.endsWith(".location") && !value.isEmpty() && !Files.isReadable(Path.of(value))) {
      throw new InvalidConfigException(
          file + ": " + key + ": " + value + " does not exist or cannot be read");
    }
  }

  private static Optional<ConfigDef.ConfigKey> find(String key) {
    return DEFS.stream().map(d -> d.configKeys().get(key)).filter(k -> k != null).findFirst();
  }
}
