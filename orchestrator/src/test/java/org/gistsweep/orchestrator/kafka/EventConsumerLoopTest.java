package org.gistsweep.orchestrator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.testing.Await;
import org.gistsweep.orchestrator.testing.Events;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventConsumerLoopTest {
  private static final TopicPartition P0 = new TopicPartition(Topics.EVENTS, 0);
  private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final List<List<WireMessage>> batches = new CopyOnWriteArrayList<>();
  private EventConsumerLoop loop;

  @AfterEach
  void close() {
    if (loop != null) {
      loop.close();
    }
  }

  private void deliver(byte[]... values) {
    consumer.schedulePollTask(() -> {
      consumer.updateBeginningOffsets(Map.of(P0, 0L));
      consumer.rebalance(List.of(P0));
      for (int i = 0; i < values.length; i++) {
        consumer.addRecord(new ConsumerRecord<>(Topics.EVENTS, 0, i, "demo/0", values[i]));
      }
    });
  }

  private long committed() {
    OffsetAndMetadata o = consumer.committed(Set.of(P0)).get(P0);
    return o == null ? -1 : o.offset();
  }

  @Test
  void decodesHandsOverDeadLettersPoisonAndCommitsAfterApply() throws Exception {
    WireMessage started = Events.started("demo", 0, 1, "w1");
    WireMessage epoch = Events.epoch("demo", 0, 1, 1, 0.5);
    deliver(WireCodec.encode(started), "not json".getBytes(StandardCharsets.UTF_8), WireCodec.encode(epoch));
    loop = new EventConsumerLoop(consumer, producer, batch -> {
      batches.add(batch);
      return CompletableFuture.completedFuture(null);
    }, Duration.ofMillis(10));
    loop.start().get(10, TimeUnit.SECONDS);

    Await.until("offsets committed", Duration.ofSeconds(10), () -> committed() == 3);
    assertThat(batches).containsExactly(List.of(started, epoch));
    assertThat(loop.delivered()).isEqualTo(2);
    assertThat(loop.deadLettered()).isEqualTo(1);
    ProducerRecord<String, byte[]> dead = producer.history().get(0);
    assertThat(dead.topic()).isEqualTo(Topics.DEAD_LETTERS);
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not json");
    String reason = new String(dead.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER).value(), StandardCharsets.UTF_8);
    assertThat(reason).startsWith("not JSON");
    assertThat(new String(dead.headers().lastHeader(DeadLetters.SOURCE_HEADER).value(), StandardCharsets.UTF_8))
        .isEqualTo(Topics.EVENTS + "-0@1");

    loop.close();
    assertThat(consumer.closed()).isTrue();
  }

  @Test
  void aFailedApplyRewindsThePartitionAndCommitsNothing() throws Exception {
    WireMessage started = Events.started("demo", 0, 1, "w1");
    deliver(WireCodec.encode(started), WireCodec.encode(Events.epoch("demo", 0, 1, 1, 0.5)));
    loop = new EventConsumerLoop(consumer, producer, batch -> {
      batches.add(batch);
      return CompletableFuture.failedFuture(new IllegalStateException("owner busy"));
    }, Duration.ofMillis(10));
    loop.start().get(10, TimeUnit.SECONDS);

    // MockConsumer does not keep a log to redeliver from; a real consumer re-reads from the seek.
    Await.until("the partition is rewound", Duration.ofSeconds(10), () -> !batches.isEmpty() && position() == 0);
    assertThat(committed()).isEqualTo(-1);
    assertThat(loop.delivered()).isZero();
  }

  @Test
  void stopsWhenANewerOrchestratorTakesOverItsStaticMembership() throws Exception {
    loop = new EventConsumerLoop(consumer, producer, batch -> CompletableFuture.completedFuture(null), Duration.ofMillis(10));
    loop.start().get(10, TimeUnit.SECONDS);
    consumer.setPollException(new org.apache.kafka.common.errors.FencedInstanceIdException("gist-orchestrator is taken"));
    Await.until("the loop stops and closes its consumer", Duration.ofSeconds(10), consumer::closed);
  }

  private long position() {
    synchronized (consumer) {
      return consumer.assignment().contains(P0) ? consumer.position(P0) : -1;
    }
  }
}
