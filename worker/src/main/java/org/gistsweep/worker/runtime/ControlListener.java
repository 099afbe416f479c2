package org.gistsweep.worker.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.common.wire.WireFormatException;
import org.gistsweep.common.wire.WireMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every control decision (no consumer group: each worker sees all of them, from the moment it
 * starts) on its own thread, and hands {@link TrialControl}s to the node.
 */
final class ControlListener implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlListener.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Consumer<TrialControl> onControl;
  private volatile boolean running = true;

  ControlListener(String bootstrap, Map<String, String> overrides, Consumer<TrialControl> onControl) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    // controls are written in the orchestrator's journal transactions: act only on committed ones
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.putAll(overrides);
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.onControl = onControl;
  }

  @Override
  public void run() {
    try {
      List<TopicPartition> parts = List.of(new TopicPartition(Topics.CONTROL, 0));
      consumer.assign(parts);
      consumer.seekToEnd(parts);
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          handle(r);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void handle(ConsumerRecord<String, byte[]> r) {
    WireMessage m;
    try {
      m = WireCodec.decode(r.value());
    } catch (WireFormatException e) {
      LOG.warn("ignoring undecodable control record at offset {}: {}", r.offset(), e.getMessage());
      return;
    }
    if (m instanceof TrialControl c) {
      onControl.accept(c);
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
  }
}
