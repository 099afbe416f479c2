package org.gistsweep.worker.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
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
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Consumer<TrialControl> onControl;
  private volatile boolean running = true;

  ControlListener(
      String bootstrap, Map<String, String> overrides, Consumer<TrialControl> onControl) {
    this.consumer =
        new KafkaConsumer<>(
            KafkaConfigs.controlConsumer(bootstrap, overrides),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    this.onControl = onControl;
  }

  /**
   * Polls until {@link #close()}. A failed poll never ends the thread (the worker would no longer
   * hear prunes and cancels): it is logged and retried after a pause, e.g. while a broker with ACLs
   * refuses the topic because the orchestrator has not created it yet.
   */
  @Override
  public void run() {
    try {
      List<TopicPartition> parts = List.of(new TopicPartition(Topics.CONTROL, 0));
      consumer.assign(parts);
      consumer.seekToEnd(parts);
      while (running) {
        try {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            handle(r);
          }
        } catch (WakeupException e) {
          throw e;
        } catch (KafkaException e) {
          LOG.warn(
              "control listener: cannot read {} ({}); retrying in {} ms",
              Topics.CONTROL,
              e.toString(),
              RETRY_PAUSE.toMillis());
          pause();
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

  private void pause() {
    try {
      Thread.sleep(RETRY_PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
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
