package org.gistsweep.orchestrator.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.orchestrator.testing.Await;
import org.junit.jupiter.api.Test;

class KafkaTrialPublisherTest {
  @Test
  void publishesKeyedAssignmentsAndControlsToTheirTopics() throws Exception {
    MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    try (KafkaTrialPublisher publisher = new KafkaTrialPublisher(producer)) {
      TrialAssignment a = new TrialAssignment(1, "demo-1", 3, 2, 10L, Map.of("lr", 0.01), Map.of("epochs", 3));
      TrialControl c = new TrialControl(1, "demo-1", 3, 2, 11L, TrialControl.PRUNE, "below median");
      publisher.publish(a).get(5, TimeUnit.SECONDS);
      publisher.publish(c).get(5, TimeUnit.SECONDS);

      ProducerRecord<String, byte[]> first = producer.history().get(0);
      assertThat(first.topic()).isEqualTo(Topics.TRIALS);
      assertThat(first.key()).isEqualTo("demo-1/3");
      assertThat(WireCodec.decode(first.value())).isEqualTo(WireCodec.decode(WireCodec.encode(a)));
      ProducerRecord<String, byte[]> second = producer.history().get(1);
      assertThat(second.topic()).isEqualTo(Topics.CONTROL);
      assertThat(WireCodec.decode(second.value())).isEqualTo(c);
    }
  }

  @Test
  void aFailedSendFailsTheFuture() {
    MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    KafkaTrialPublisher publisher = new KafkaTrialPublisher(producer);
    CompletableFuture<Void> sent = publisher.publish(new TrialAssignment(1, "demo-1", 0, 1, 1L, Map.of(), Map.of()));
    Await.until("the send reaches the producer", Duration.ofSeconds(5), () -> !producer.history().isEmpty());
    producer.errorNext(new IllegalStateException("broker gone"));
    assertThatThrownBy(() -> sent.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("broker gone");
    publisher.close();
    assertThat(publisher.publish(new TrialAssignment(1, "demo-1", 1, 1, 1L, Map.of(), Map.of()))).isCompletedExceptionally();
  }
}
