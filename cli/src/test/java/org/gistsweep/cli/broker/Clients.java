package org.gistsweep.cli.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Small Kafka client helpers for broker tests; every wait has a deadline. */
final class Clients {

  static final Duration DEADLINE = Duration.ofSeconds(30);

  private Clients() {}

  static void produce(String bootstrap, String topic, List<String> values)
      throws ExecutionException, InterruptedException {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      for (String value : values) {
        producer.send(new ProducerRecord<>(topic, value, value)).get();
      }
    }
  }

  /**
   * Reads partition 0 of {@code topic} from the start until {@code count} records or the deadline.
   */
  static List<String> readFromStart(String bootstrap, String topic, int count) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (values.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
    }
    return values;
  }

  /**
   * A share consumer of {@code topic} that gets one record per poll and acknowledges explicitly.
   */
  static KafkaShareConsumer<String, String> shareConsumer(
      String bootstrap, String group, String topic) {
    Map<String, Object> config = new HashMap<>(ShareGroups.oneRecordPerPoll(bootstrap, group));
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(config);
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  /** Polls until a poll returns records or the deadline passes; returns that poll's records. */
  static List<ConsumerRecord<String, String>> pollUntilAny(
      KafkaShareConsumer<String, String> consumer, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    while (records.isEmpty() && System.nanoTime() < end) {
      consumer.poll(Duration.ofMillis(100)).forEach(records::add);
    }
    return records;
  }
}
