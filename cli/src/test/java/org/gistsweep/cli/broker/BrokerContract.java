package org.gistsweep.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.junit.jupiter.api.Test;

/**
 * What GIST Sweep needs from a Kafka broker, written once and run against each kind of broker by a
 * subclass that supplies {@link #bootstrap()}: records round-trip, topics are created idempotently,
 * and a share group hands one record per poll and passes a released record on.
 */
public abstract class BrokerContract {

  /** The {@code bootstrap.servers} address of the broker under test. */
  protected abstract String bootstrap();

  /** A topic name no other test uses, created with one partition. */
  protected String newTopic() throws Exception {
    String topic = "contract-" + UUID.randomUUID();
    BrokerProbe.ensureTopics(bootstrap(), List.of(new NewTopic(topic, 1, (short) 1)));
    return topic;
  }

  @Test
  void brokerIsReachable() {
    BrokerProbe.awaitReachable(bootstrap(), Duration.ofSeconds(10));
  }

  @Test
  void recordsRoundTrip() throws Exception {
    String topic = newTopic();
    long started = System.nanoTime();
    Clients.produce(bootstrap(), topic, List.of("a", "b", "c"));
    assertThat(Clients.readFromStart(bootstrap(), topic, 3)).containsExactly("a", "b", "c");
    System.out.printf(
        "[broker] round trip of 3 records incl. clients: %d ms%n", millisSince(started));
  }

  @Test
  void ensureTopicsIsIdempotent() throws Exception {
    String topic = "contract-" + UUID.randomUUID();
    List<NewTopic> topics = List.of(new NewTopic(topic, 3, (short) 1));
    BrokerProbe.ensureTopics(bootstrap(), topics);
    BrokerProbe.ensureTopics(bootstrap(), topics);
    try (Admin admin = Admin.create(BrokerProbe.adminConfig(bootstrap(), 10_000))) {
      TopicDescription description =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      assertThat(description.partitions()).hasSize(3);
    }
  }

  @Test
  void shareConsumerGetsExactlyOneRecordPerPoll() throws Exception {
    String topic = newTopic();
    String group = "workers-" + UUID.randomUUID();
    ShareGroups.startFromEarliest(bootstrap(), group);
    List<String> trials = IntStream.range(0, 5).mapToObj(i -> "trial-" + i).toList();
    Clients.produce(bootstrap(), topic, trials);
    List<String> received = new ArrayList<>();
    try (KafkaShareConsumer<String, String> worker =
        Clients.shareConsumer(bootstrap(), group, topic)) {
      long started = System.nanoTime();
      while (received.size() < trials.size()) {
        List<ConsumerRecord<String, String>> batch = Clients.pollUntilAny(worker, Clients.DEADLINE);
        assertThat(batch).as("records of one poll after %s", received).hasSize(1);
        received.add(batch.get(0).value());
        worker.acknowledge(batch.get(0), AcknowledgeType.ACCEPT);
        worker.commitSync();
        if (received.size() == 1) {
          System.out.printf(
              "[broker] share consumer join + first record: %d ms%n", millisSince(started));
        }
      }
    }
    assertThat(received).containsExactlyElementsOf(trials);
  }

  @Test
  void releasedRecordGoesToAnotherConsumer() throws Exception {
    String topic = newTopic();
    String group = "workers-" + UUID.randomUUID();
    ShareGroups.startFromEarliest(bootstrap(), group);
    Clients.produce(bootstrap(), topic, List.of("trial-0"));
    KafkaShareConsumer<String, String> first = Clients.shareConsumer(bootstrap(), group, topic);
    KafkaShareConsumer<String, String> second = Clients.shareConsumer(bootstrap(), group, topic);
    List<KafkaShareConsumer<String, String>> workers = new ArrayList<>(List.of(first, second));
    try {
      ConsumerRecord<String, String> taken = null;
      int holder = -1;
      long deadline = System.nanoTime() + Clients.DEADLINE.toNanos();
      while (taken == null && System.nanoTime() < deadline) {
        for (int i = 0; i < workers.size() && taken == null; i++) {
          var records = workers.get(i).poll(Duration.ofMillis(100));
          assertThat(records.count()).isLessThanOrEqualTo(1);
          if (!records.isEmpty()) {
            taken = records.iterator().next();
            holder = i;
          }
        }
      }
      assertThat(taken).as("a worker got the trial").isNotNull();
      assertThat(taken.deliveryCount()).isEqualTo(Optional.of((short) 1));
      KafkaShareConsumer<String, String> releasing = workers.get(holder);
      KafkaShareConsumer<String, String> other = workers.get(1 - holder);
      releasing.acknowledge(taken, AcknowledgeType.RELEASE);
      releasing.commitSync();
      long released = System.nanoTime();
      // A releasing worker that stays open without polling may hold the record again through a
      // fetch already in flight, until the lock expires (30 s): a worker giving a trial back
      // either keeps polling or closes, as this one does.
      releasing.close();
      workers.remove(releasing);
      List<ConsumerRecord<String, String>> handedOver =
          Clients.pollUntilAny(other, Clients.DEADLINE);
      long handoffMs = millisSince(released);
      assertThat(handedOver).hasSize(1);
      ConsumerRecord<String, String> again = handedOver.get(0);
      assertThat(again.value()).isEqualTo("trial-0");
      assertThat(again.offset()).isEqualTo(taken.offset());
      assertThat(again.deliveryCount())
          .hasValueSatisfying(count -> assertThat(count).isGreaterThan((short) 1));
      other.acknowledge(again, AcknowledgeType.ACCEPT);
      other.commitSync();
      System.out.printf(
          "[broker] RELEASE -> other share consumer handoff: %d ms (delivery count %s)%n",
          handoffMs, again.deliveryCount().orElseThrow());
    } finally {
      workers.forEach(KafkaShareConsumer::close);
    }
  }

  static long millisSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1_000_000;
  }
}
