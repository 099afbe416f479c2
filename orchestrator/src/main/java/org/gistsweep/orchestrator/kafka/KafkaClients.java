package org.gistsweep.orchestrator.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gistsweep.common.wire.Topics;

/**
 * Client configurations of the orchestrator. Every network wait is bounded, so an absent broker
 * surfaces as an error within seconds instead of a hang. {@code overrides} (e.g. security settings)
 * are applied last.
 */
public final class KafkaClients {
  /** The longest any single admin or producer call may block. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

  private KafkaClients() {}

  /** An idempotent producer with acks=all, String keys and byte[] values. */
  public static Map<String, Object> producerConfig(
      String bootstrap, Map<String, String> overrides) {
    Map<String, Object> c = new HashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ProducerConfig.CLIENT_ID_CONFIG, "gist-orchestrator-producer");
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    c.putAll(overrides);
    return c;
  }

  /**
   * The consumer of {@link Topics#EVENTS}: group {@link Topics#ORCHESTRATOR_GROUP}, earliest
   * offsets for a new group, no auto-commit (the loop commits after the study applied a batch).
   */
  public static Map<String, Object> consumerConfig(
      String bootstrap, Map<String, String> overrides) {
    return consumerConfig(bootstrap, null, overrides);
  }

  /**
   * As {@link #consumerConfig(String, Map)}, as the static member {@code instanceId} of the group
   * (when not {@code null}). An orchestrator restarted after a crash then takes over the partitions
   * of its dead predecessor with the same id at once; a dynamic member would wait for the dead
   * one's session to expire (45 s), applying no worker event meanwhile.
   */
  public static Map<String, Object> consumerConfig(
      String bootstrap, String instanceId, Map<String, String> overrides) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "gist-orchestrator-events");
    c.put(ConsumerConfig.GROUP_ID_CONFIG, Topics.ORCHESTRATOR_GROUP);
    if (instanceId != null) {
      c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
    }
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.putAll(overrides);
    return c;
  }

  /**
   * The transactional producer of the journal and the outbox: every batch of journal entries and
   * the messages they caused is one transaction. A second orchestrator with the same {@code
   * transactionalId} fences this one off.
   */
  public static Map<String, Object> journalProducerConfig(
      String bootstrap, String transactionalId, Map<String, String> overrides) {
    Map<String, Object> c = producerConfig(bootstrap, Map.of());
    c.put(ProducerConfig.CLIENT_ID_CONFIG, "gist-orchestrator-journal");
    c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    c.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    c.putAll(overrides);
    return c;
  }

  /** A group-less reader of the journal that sees committed transactions only. */
  public static Map<String, Object> journalReaderConfig(
      String bootstrap, Map<String, String> overrides) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "gist-orchestrator-journal-reader");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.putAll(overrides);
    return c;
  }

  /** An admin client whose calls give up after {@code timeout}. */
  public static Map<String, Object> adminConfig(
      String bootstrap, Duration timeout, Map<String, String> overrides) {
    int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    Map<String, Object> c = new HashMap<>();
    c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(AdminClientConfig.CLIENT_ID_CONFIG, "gist-orchestrator-admin");
    c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(ms, 10_000));
    c.putAll(overrides);
    return c;
  }
}
