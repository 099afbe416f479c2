package org.gistsweep.worker.runtime;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.gistsweep.common.wire.Topics;

/**
 * The configuration of each of a worker's three Kafka clients. {@code kafkaOverrides} (security
 * settings: {@code security.protocol}, {@code sasl.*}, {@code ssl.*}) are applied last to every one
 * of them.
 */
final class KafkaConfigs {
  private KafkaConfigs() {}

  /**
   * The share consumer of {@link Topics#TRIALS}: one record at a time, explicit acknowledgement.
   */
  static Properties shareConsumer(WorkerOptions o) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, Topics.WORKER_GROUP);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "gist-worker-" + o.workerId());
    p.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
    p.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
    p.putAll(o.kafkaOverrides());
    return p;
  }

  /** The producer of events and dead letters: acks=all, idempotent. */
  static Properties producer(String bootstrap, Map<String, String> overrides) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
    p.putAll(overrides);
    return p;
  }

  /** The group-less consumer of {@link Topics#CONTROL}, from the end. */
  static Properties controlConsumer(String bootstrap, Map<String, String> overrides) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    // controls are written in the orchestrator's journal transactions: act only on committed ones
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.putAll(overrides);
    return p;
  }
}
