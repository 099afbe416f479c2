package org.gistsweep.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.gistsweep.artifacts.ArtifactInfo;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.artifacts.AttemptLogWriter;
import org.gistsweep.artifacts.testing.S3TestServer;
import org.gistsweep.cli.broker.KafkaBrokerExtension;
import org.gistsweep.common.spec.SweepSpecParser;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.Orchestrator;
import org.gistsweep.orchestrator.OrchestratorOptions;
import org.gistsweep.orchestrator.http.StudyJson;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retention end to end over the real broker and the S3 test server: an orchestrator dispatches a
 * five-trial sweep with {@code retain: {best: 2}} to a test worker that consumes the real trials
 * topic, uploads each attempt's weights, sidecar and log to the store and reports them (with the
 * attempt token) on the real events topic. Afterwards only the best two trials' weights are in the
 * store, every log is, and the study JSON (the API's and study.json's) says so.
 */
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
class ArtifactRetentionIT {
  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();

  private static final String SWEEP =
      """
      name: retained
      budget: {trials: 5, parallel: 2, epochs: 2}
      sampler: {type: random, seed: 11}
      retain: {best: 2}
      training: {task: synthetic-shapes, peft: adapter}
      space:
        lr: {type: float, low: 1.0e-3, high: 1.0e-1, log: true}
      """;

  /** Trial n's best value: the best two are trials 3 and 1. */
  private static final double[] VALUES = {0.3, 0.8, 0.5, 0.9, 0.6};

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void onlyTheBestTwoTrialsKeepTheirWeightsAndEveryLogStays() throws Exception {
    try (S3TestServer s3 = S3TestServer.start();
        ArtifactStore store = ArtifactStores.open(s3.createBucket(), s3.settings());
        Orchestrator orchestrator =
            Orchestrator.start(
                new OrchestratorOptions(BROKER.bootstrap(), "127.0.0.1", 0, null, Map.of())
                    .withArtifacts(store))) {
      String id = orchestrator.submit(SweepSpecParser.parse(SWEEP, "retained.yaml", "retained"));
      AtomicBoolean stop = new AtomicBoolean();
      Thread worker = new Thread(() -> work(id, store, stop), "test-worker");
      worker.start();
      StudySnapshot done;
      try {
        done =
            orchestrator
                .settled(id)
                .get(90, TimeUnit.SECONDS); // finished, and the last retention pass done
      } finally {
        stop.set(true);
        worker.join(10_000);
      }
      assertThat(done.trials())
          .hasSize(5)
          .allSatisfy(t -> assertThat(t.state().name()).isEqualTo("COMPLETE"));

      Set<String> weights = new TreeSet<>();
      Set<Integer> logged = new TreeSet<>();
      for (ArtifactInfo info : store.list(id)) {
        String[] parts = info.key().split("/");
        if (parts[3].equals("log")) {
          logged.add(Integer.parseInt(parts[1]));
        } else {
          weights.add(parts[1] + "/" + parts[3]);
        }
      }
      assertThat(weights)
          .containsExactly(
              "1/best.json", "1/best.safetensors", "3/best.json", "3/best.safetensors");
      assertThat(logged).containsExactly(0, 1, 2, 3, 4);

      JsonNode study = JSON.readTree(get(orchestrator.url() + "api/studies/" + id + "/trials"));
      assertThat(JSON.readTree(StudyJson.render(done).encodePrettily()))
          .as("study.json is the API's study JSON")
          .isEqualTo(study);
      for (JsonNode t : study.path("trials")) {
        int n = t.path("number").asInt();
        boolean kept = n == 1 || n == 3;
        for (JsonNode a : t.path("artifacts")) {
          boolean isLog = a.path("kind").asText().equals("log");
          assertThat(a.path("deleted").asBoolean())
              .as("trial %d %s", n, a.path("name").asText())
              .isEqualTo(!kept && !isLog);
          if (!kept && !isLog) {
            assertThat(a.path("deleted_reason").asText()).isEqualTo("retention");
          }
        }
        assertThat(t.path("artifacts"))
            .extracting(a -> a.path("name").asText())
            .containsExactly("best.safetensors", "best.json", "attempt-1.log");
      }
      JsonNode list =
          JSON.readTree(get(orchestrator.url() + "api/studies/" + id + "/trials/3/artifacts"));
      byte[] downloaded =
          bytes(orchestrator.url() + "api/studies/" + id + "/trials/3/artifacts/best.safetensors");
      assertThat(downloaded).isEqualTo(weights(3));
      assertThat(list.path("artifacts").get(0).path("sha256").asText()).isEqualTo(sha(weights(3)));
      assertThat(
              new String(
                  bytes(
                      orchestrator.url()
                          + "api/studies/"
                          + id
                          + "/trials/0/artifacts/attempt-1.log"),
                  UTF_8))
          .isEqualTo("trial 0 attempt 1 trained\n");
    }
  }

  static byte[] weights(int trial) {
    byte[] b = new byte[50_000];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 7 + trial);
    }
    return b;
  }

  private static String sha(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /**
   * The test worker: reads the real trials topic, and for each new attempt of study {@code id}
   * stores its files, then reports it started, two epochs and its finish with the stored refs.
   */
  private static void work(String id, ArtifactStore store, AtomicBoolean stop) {
    Map<String, Object> consumerConfig =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            BROKER.bootstrap(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class);
    Map<String, Object> producerConfig =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            BROKER.bootstrap(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class);
    Set<String> seen = new HashSet<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig)) {
      TopicPartition p = new TopicPartition(Topics.TRIALS, 0);
      consumer.assign(List.of(p));
      consumer.seekToBeginning(List.of(p));
      while (!stop.get()) {
        List<TrialAssignment> batch = new ArrayList<>();
        consumer
            .poll(Duration.ofMillis(100))
            .forEach(
                r -> {
                  if (WireCodec.decode(r.value()) instanceof TrialAssignment a
                      && a.study().equals(id)
                      && seen.add(a.trial() + "/" + a.attempt())) {
                    batch.add(a);
                  }
                });
        for (TrialAssignment a : batch) {
          for (WireMessage m : train(a, store)) {
            producer.send(new ProducerRecord<>(Topics.EVENTS, m.key(), WireCodec.encode(m))).get();
          }
        }
      }
    } catch (Exception e) {
      if (!stop.get()) {
        throw new IllegalStateException("the test worker failed", e);
      }
    }
  }

  private static List<WireMessage> train(TrialAssignment a, ArtifactStore store) {
    String s = a.study();
    int t = a.trial();
    int at = a.attempt();
    String token = a.attemptToken();
    double v = VALUES[t];
    try (AttemptLogWriter log = AttemptLogWriter.open(store, ArtifactRef.keyOf(s, t, at, "log"))) {
      log.append("trial " + t + " attempt " + at + " trained\n");
    }
    ArtifactInfo w = store.put(ArtifactRef.keyOf(s, t, at, "best.safetensors"), weights(t));
    ArtifactInfo j =
        store.put(
            ArtifactRef.keyOf(s, t, at, "best.json"),
            ("{\"trial\": " + t + ", \"epoch\": 2}").getBytes(UTF_8));
    long now = System.currentTimeMillis();
    return List.of(
        new TrialStarted(1, s, t, at, now, "it-worker", 1000, 5000, 100, "cpu()", token),
        new EpochMetrics(
            1,
            s,
            t,
            at,
            now,
            "it-worker",
            1,
            1.0,
            0.5,
            0.4,
            0.1,
            0.1,
            v / 2,
            1e-3,
            1.0,
            100.0,
            token),
        new EpochMetrics(
            1, s, t, at, now, "it-worker", 2, 0.8, 0.5, 0.4, 0.1, 0.1, v, 1e-3, 1.0, 100.0, token),
        new TrialFinished(
            1,
            s,
            t,
            at,
            now,
            "it-worker",
            TrialFinished.COMPLETE,
            v,
            2,
            v,
            2,
            1000,
            5000,
            token,
            List.of(
                new ArtifactRef("best.safetensors", w.key(), w.size(), w.sha256()),
                new ArtifactRef("best.json", j.key(), j.size(), j.sha256())),
            null));
  }

  private static String get(String url) throws Exception {
    return new String(bytes(url), UTF_8);
  }

  private static byte[] bytes(String url) throws Exception {
    HttpResponse<byte[]> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as("GET %s: %s", url, new String(r.body(), UTF_8)).isEqualTo(200);
    return r.body();
  }
}
