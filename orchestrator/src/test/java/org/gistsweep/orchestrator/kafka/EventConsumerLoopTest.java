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
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gistsweep.common.wire.DeadLetterKind;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.Heartbeat;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.testing.Events;
import org.gistsweep.testsupport.Waits;
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
    consumer.schedulePollTask(
        () -> {
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
    deliver(
        WireCodec.encode(started),
        "not json".getBytes(StandardCharsets.UTF_8),
        WireCodec.encode(epoch));
    loop =
        new EventConsumerLoop(
            consumer,
            producer,
            batch -> {
              batches.add(batch);
              return CompletableFuture.completedFuture(List.of());
            },
            Duration.ofMillis(10));
    loop.start().get(10, TimeUnit.SECONDS);

    Waits.until("offsets committed", Duration.ofSeconds(10), () -> committed() == 3);
    assertThat(batches).containsExactly(List.of(started, epoch));
    assertThat(loop.delivered()).isEqualTo(2);
    assertThat(loop.deadLettered()).isEqualTo(1);
    ProducerRecord<String, byte[]> dead = producer.history().get(0);
    assertThat(dead.topic()).isEqualTo(Topics.DEAD_LETTERS);
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not json");
    String reason =
        new String(
            dead.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER).value(),
            StandardCharsets.UTF_8);
    assertThat(reason).startsWith("not JSON");
    assertThat(header(dead, Topics.DEAD_LETTER_KIND_HEADER)).isEqualTo("undecodable");
    assertThat(
            new String(
                dead.headers().lastHeader(DeadLetters.SOURCE_HEADER).value(),
                StandardCharsets.UTF_8))
        .isEqualTo(Topics.EVENTS + "-0@1");

    loop.close();
    assertThat(consumer.closed()).isTrue();
  }

  @Test
  void deadLettersWhatFailsTheIngressChecksAndWhatTheHandlerRejectsBeforeCommitting()
      throws Exception {
    WireMessage honest = Events.heartbeat("demo", 0, 1);
    WireMessage reserved = new Heartbeat(1, "demo", 0, 1, 1L, "orchestrator");
    WireMessage infinite =
        new EpochMetrics(
            1, "demo", 0, 1, 1L, "w1", 1, 1, 1, 0, 0, 0, Double.POSITIVE_INFINITY, 1e-3, 1, 1);
    WireMessage forged =
        new Heartbeat(1, "demo", 0, 1, 1L, "w9", "0123456789abcdef0123456789abcdef");
    deliver(
        WireCodec.encode(honest),
        WireCodec.encode(reserved),
        WireCodec.encode(infinite),
        WireCodec.encode(forged));
    loop =
        new EventConsumerLoop(
            consumer,
            producer,
            batch -> {
              batches.add(batch);
              // the study refuses the report of another worker; the loop must dead-letter it before
              // committing
              assertThat(committed()).isEqualTo(-1);
              return CompletableFuture.completedFuture(
                  batch.stream()
                      .filter(m -> m.equals(forged))
                      .map(
                          m ->
                              new EventBatchHandler.Rejected(
                                  m, DeadLetterKind.WRONG_WORKER, "study demo: from worker w9"))
                      .toList());
            },
            Duration.ofMillis(10));
    loop.start().get(10, TimeUnit.SECONDS);

    Waits.until("offsets committed", Duration.ofSeconds(10), () -> committed() == 4);
    assertThat(batches)
        .as("the study never sees what fails the ingress checks")
        .containsExactly(List.of(honest, forged));
    assertThat(producer.history())
        .extracting(r -> header(r, Topics.DEAD_LETTER_KIND_HEADER))
        .containsExactly("invalid", "invalid", "wrong_worker");
    assertThat(producer.history())
        .extracting(r -> header(r, Topics.DEAD_LETTER_REASON_HEADER))
        .satisfiesExactly(
            r ->
                assertThat(r)
                    .contains(
                        "Heartbeat for study demo trial 0 attempt 1",
                        "worker id 'orchestrator' is reserved"),
            r -> assertThat(r).contains("val_top1 Infinity is not in [0, 1]"),
            r -> assertThat(r).isEqualTo("study demo: from worker w9"));
    assertThat(producer.history())
        .extracting(r -> header(r, DeadLetters.SOURCE_HEADER))
        .containsExactly(Topics.EVENTS + "-0@1", Topics.EVENTS + "-0@2", Topics.EVENTS + "-0@3");
    assertThat(producer.history().get(2).value()).isEqualTo(WireCodec.encode(forged));
    assertThat(loop.deadLettered()).isEqualTo(3);
    assertThat(loop.deadLettered(DeadLetterKind.INVALID)).isEqualTo(2);
    assertThat(loop.deadLettered(DeadLetterKind.WRONG_WORKER)).isEqualTo(1);
    assertThat(loop.deadLettered(DeadLetterKind.TOKEN)).isZero();
  }

  private static String header(ProducerRecord<String, byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void aFailedApplyRewindsThePartitionAndCommitsNothing() throws Exception {
    WireMessage started = Events.started("demo", 0, 1, "w1");
    deliver(WireCodec.encode(started), WireCodec.encode(Events.epoch("demo", 0, 1, 1, 0.5)));
    loop =
        new EventConsumerLoop(
            consumer,
            producer,
            batch -> {
              batches.add(batch);
              return CompletableFuture.failedFuture(new IllegalStateException("owner busy"));
            },
            Duration.ofMillis(10));
    loop.start().get(10, TimeUnit.SECONDS);

    // MockConsumer does not keep a log to redeliver from; a real consumer re-reads from the seek.
    Waits.until(
        "the partition is rewound",
        Duration.ofSeconds(10),
        () -> !batches.isEmpty() && position() == 0);
    assertThat(committed()).isEqualTo(-1);
    assertThat(loop.delivered()).isZero();
  }

  @Test
  void stopsWhenANewerOrchestratorTakesOverItsStaticMembership() throws Exception {
    loop =
        new EventConsumerLoop(
            consumer,
            producer,
            batch -> CompletableFuture.completedFuture(List.of()),
            Duration.ofMillis(10));
    loop.start().get(10, TimeUnit.SECONDS);
    consumer.setPollException(new FencedInstanceIdException("gist-orchestrator is taken"));
    Waits.until("the loop stops and closes its consumer", Duration.ofSeconds(10), consumer::closed);
  }

  private long position() {
    synchronized (consumer) {
      return consumer.assignment().contains(P0) ? consumer.position(P0) : -1;
    }
  }
}
