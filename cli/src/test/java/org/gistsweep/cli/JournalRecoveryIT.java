package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gistsweep.cli.broker.KafkaBrokerExtension;
import org.gistsweep.common.spec.SweepSpecParser;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.Orchestrator;
import org.gistsweep.orchestrator.OrchestratorOptions;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The journal on a real broker: a restarted orchestrator rebuilds its studies from {@link
 * Topics#JOURNAL}, issues no trial twice and goes on; a second orchestrator fences off the first.
 * Worker events are produced by the test (no training), so this is quick.
 */
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
class JournalRecoveryIT {
  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();

  private static final String SWEEP =
      """
      name: journal
      budget: {trials: 3, parallel: 2, epochs: 2}
      sampler: {type: tpe, seed: 5}
      training: {task: synthetic-shapes, peft: adapter}
      space:
        lr: {type: float, low: 1.0e-3, high: 1.0e-1, log: true}
      """;

  private final List<Orchestrator> started = new ArrayList<>();

  @AfterEach
  void closeAll() {
    started.forEach(Orchestrator::close);
  }

  private Orchestrator start() {
    Orchestrator o =
        Orchestrator.start(
            new OrchestratorOptions(BROKER.bootstrap(), "127.0.0.1", 0, null, Map.of()));
    started.add(o);
    return o;
  }

  @Test
  void aRestartedOrchestratorGoesOnWithTheSameTrialsAndIssuesNothingTwice() throws Exception {
    Orchestrator first = start();
    String id = first.submit(SweepSpecParser.parse(SWEEP, "journal.yaml", "journal"));
    String token =
        awaitAssignments(id, 2).stream()
            .filter(a -> a.trial() == 0)
            .findFirst()
            .orElseThrow()
            .attemptToken();
    StudySnapshot before = first.snapshot(id).orElseThrow();
    first.close();

    Orchestrator second = start();
    StudySnapshot recovered = second.snapshot(id).orElseThrow();
    assertThat(recovered.trials()).isEqualTo(before.trials());
    assertThat(recovered.counts()).containsEntry(TrialState.WAITING, 2);

    // the worker echoes the token the first orchestrator issued: the replayed study knows it
    send(
        new TrialStarted(
            1, id, 0, 1, System.currentTimeMillis(), "test-worker", 1000, 5000, 100, "cpu", token),
        epoch(id, 1, 0.4, token),
        epoch(id, 2, 0.6, token),
        new TrialFinished(
            1,
            id,
            0,
            1,
            System.currentTimeMillis(),
            "test-worker",
            TrialFinished.COMPLETE,
            0.6,
            2,
            0.6,
            2,
            1000,
            5000,
            token));
    List<TrialAssignment> issued = awaitAssignments(id, 3);
    assertThat(issued.stream().map(a -> a.trial() + "/" + a.attempt()))
        .containsExactly("0/1", "1/1", "2/1");
    StudySnapshot now = second.snapshot(id).orElseThrow();
    assertThat(now.trials().get(0).state()).isEqualTo(TrialState.COMPLETE);
    assertThat(now.trials().get(0).value()).isEqualTo(0.6);
  }

  @Test
  void aSecondOrchestratorFencesOffTheFirst() {
    Orchestrator first = start();
    start();
    assertThatThrownBy(() -> first.submit(SweepSpecParser.parse(SWEEP, "journal.yaml", "journal")))
        .as("the first orchestrator may no longer record anything")
        .isInstanceOf(RuntimeException.class);
  }

  private static EpochMetrics epoch(String id, int epoch, double valTop1, String token) {
    return new EpochMetrics(
        1,
        id,
        0,
        1,
        System.currentTimeMillis(),
        "test-worker",
        epoch,
        1.0,
        0.5,
        0.4,
        0.1,
        0.1,
        valTop1,
        0.001,
        1.0,
        100.0,
        token);
  }

  private static void send(WireMessage... messages) throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            BROKER.bootstrap(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
      for (WireMessage m : messages) {
        producer.send(new ProducerRecord<>(Topics.EVENTS, m.key(), WireCodec.encode(m))).get();
      }
    }
  }

  /** The committed assignments of study {@code id}, once there are {@code count} (30 s at most). */
  private static List<TrialAssignment> awaitAssignments(String id, int count)
      throws InterruptedException {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            BROKER.bootstrap(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<TrialAssignment> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      TopicPartition p = new TopicPartition(Topics.TRIALS, 0);
      consumer.assign(List.of(p));
      consumer.seekToBeginning(List.of(p));
      while (System.nanoTime() < deadline && found.size() < count) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                r -> {
                  if (WireCodec.decode(r.value()) instanceof TrialAssignment a
                      && a.study().equals(id)) {
                    found.add(a);
                  }
                });
      }
      Thread.sleep(500);
      consumer
          .poll(Duration.ofMillis(500))
          .forEach(
              r -> {
                if (WireCodec.decode(r.value()) instanceof TrialAssignment a
                    && a.study().equals(id)) {
                  found.add(a);
                }
              });
    }
    Set<String> distinct = new TreeSet<>();
    found.forEach(a -> distinct.add(a.trial() + "/" + a.attempt()));
    assertThat(found).as("assignments of %s, each once", id).hasSize(count).hasSameSizeAs(distinct);
    return found;
  }
}
