package org.gistsweep.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.gistsweep.cli.broker.KafkaBrokerExtension;
import org.gistsweep.common.spec.SweepSpecParser;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.common.wire.DeadLetterKind;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.Heartbeat;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialFailed;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.Orchestrator;
import org.gistsweep.orchestrator.OrchestratorOptions;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;
import org.gistsweep.testsupport.PrometheusText;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Waits;
import org.gistsweep.worker.runtime.WorkerNode;
import org.gistsweep.worker.runtime.WorkerOptions;
import org.gistsweep.worker.train.EpochListener;
import org.gistsweep.worker.train.EpochResult;
import org.gistsweep.worker.train.TrainingOutcome;
import org.gistsweep.worker.train.TrialTrainer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forged worker events over a real broker (issue 22's attack and its variants), produced onto
 * {@code gist.events} while a real worker runs one trial of a study and the other waits: none
 * changes a trial or becomes the best, each is dead-lettered exactly once with its reason and kind,
 * a redelivered honest event is fenced off without a dead letter, and the sweep then completes.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
class ForgedEventsIT {
  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();

  private static final int V = WireMessage.SCHEMA_VERSION;
  private static final String HONEST = "honest-worker";
  private static final String SWEEP =
      """
      name: forged
      budget: {trials: 2, parallel: 2, epochs: 2}
      sampler: {type: random, seed: 3}
      space:
        lr: {type: float, low: 1.0e-3, high: 1.0e-2, log: true}
      """;

  @TempDir Path home;

  /** One forged record, the dead-letter kind it must get and what its reason must say. */
  private record Forgery(String what, WireMessage message, DeadLetterKind kind, String reason) {}

  @Test
  void forgedEventsChangeNoTrialAreDeadLetteredOnceEachAndTheSweepCompletes() throws Exception {
    GatedTrainer trainer = new GatedTrainer();
    OrchestratorOptions options = OrchestratorOptions.defaults(BROKER.bootstrap(), 0);
    try (Orchestrator orchestrator = Orchestrator.start(options);
        WorkerNode worker =
            WorkerNode.start(
                WorkerOptions.defaults(
                    BROKER.bootstrap(), HONEST, home.resolve("data"), home.resolve("cache")),
                trainer)) {
      String id = orchestrator.submit(SweepSpecParser.parse(SWEEP, "forged.yaml", "forged"));
      OrchestratorApi api = new OrchestratorApi(orchestrator.url());
      StudySnapshot before =
          Waits.until(
              "one trial started on the worker, the other waiting",
              Duration.ofSeconds(60),
              () ->
                  orchestrator
                      .snapshot(id)
                      .filter(
                          s ->
                              s.trials().size() == 2
                                  && s.trials().stream()
                                      .anyMatch(
                                          t ->
                                              t.trainableParams() != null
                                                  && HONEST.equals(t.worker()))
                                  && s.trials().stream()
                                      .anyMatch(t -> t.state().name().equals("WAITING"))));
      int running =
          before.trials().stream()
              .filter(t -> t.trainableParams() != null)
              .findFirst()
              .orElseThrow()
              .number();
      int waiting = 1 - running;
      Map<Integer, String> tokens = new HashMap<>();
      for (TrialAssignment a : Records.assignments(BROKER.bootstrap(), id)) {
        tokens.put(a.trial(), a.attemptToken());
      }
      assertThat(tokens.values())
          .as("every assignment carries a token")
          .allMatch(t -> t != null && t.matches("[0-9a-f]{32}"));

      List<Forgery> forgeries = forgeries(id, running, waiting, tokens);
      long deadBefore = metric(api, "dead_lettered");
      long ignoredBefore = metric(api, "ignored_messages");
      List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
      for (Forgery f : forgeries) {
        records.add(
            new ProducerRecord<>(Topics.EVENTS, f.message().key(), WireCodec.encode(f.message())));
      }
      WireMessage honestStart =
          Records.events(BROKER.bootstrap(), id).stream()
              .filter(m -> m instanceof TrialStarted)
              .findFirst()
              .orElseThrow();
      records.add(
          new ProducerRecord<>(
              Topics.EVENTS, honestStart.key(), WireCodec.encode(honestStart))); // a redelivery
      Records.produceRaw(BROKER.bootstrap(), records);

      Waits.until(
          "every forgery dead-lettered",
          Duration.ofSeconds(30),
          () -> metric(api, "dead_lettered") == deadBefore + forgeries.size());
      Waits.until(
          "the redelivered trial_started fenced off",
          Duration.ofSeconds(30),
          () -> metric(api, "ignored_messages") > ignoredBefore);
      assertThat(orchestrator.snapshot(id).orElseThrow().trials())
          .as("no forgery changed a trial")
          .isEqualTo(before.trials());
      assertThat(orchestrator.snapshot(id).orElseThrow().bestTrial()).isNull();
      assertDeadLetteredOnceEach(id, forgeries);

      trainer.release.countDown();
      StudySnapshot done = orchestrator.completion(id).get(120, TimeUnit.SECONDS);
      assertThat(done.trials())
          .extracting(TrialSnapshot::state)
          .extracting(Enum::name)
          .containsOnly("COMPLETE");
      assertThat(done.trials())
          .allSatisfy(
              t -> {
                assertThat(t.worker()).isEqualTo(HONEST);
                assertThat(t.value()).isEqualTo(GatedTrainer.valTop1(2));
                assertThat(t.currentEpoch()).isEqualTo(2);
                assertThat(t.epochs())
                    .extracting(e -> e.valTop1())
                    .containsExactly(GatedTrainer.valTop1(1), GatedTrainer.valTop1(2));
              });
      assertThat(done.bestValue())
          .as("no forged 0.99 or Infinity became the best")
          .isEqualTo(GatedTrainer.valTop1(2));
      assertThat(metric(api, "dead_lettered"))
          .as("the honest run dead-lettered nothing")
          .isEqualTo(deadBefore + forgeries.size());
      PrometheusText scrape =
          new PrometheusText(
              Waits.until("GET /metrics", Duration.ofSeconds(10), () -> api.text("/metrics")));
      for (DeadLetterKind kind : DeadLetterKind.values()) {
        assertThat(scrape.sum("gist_dead_letters_by_kind_total", "kind", kind.tag()))
            .as(kind.tag())
            .isEqualTo(forgeries.stream().filter(f -> f.kind() == kind).count());
      }
    }
  }

  private static List<Forgery> forgeries(
      String id, int running, int waiting, Map<Integer, String> tokens) {
    String tr = tokens.get(running);
    String tw = tokens.get(waiting);
    String wrongToken = "0123456789abcdef0123456789abcdef";
    long now = System.currentTimeMillis();
    EpochMetrics infinite =
        new EpochMetrics(
            V,
            id,
            running,
            1,
            now,
            HONEST,
            1,
            0.5,
            0.5,
            0,
            0,
            0,
            Double.POSITIVE_INFINITY,
            1e-3,
            1,
            1,
            tr);
    assertThat(new String(WireCodec.encode(infinite), StandardCharsets.UTF_8))
        .contains("\"val_top1\":\"Infinity\"");
    return List.of(
        new Forgery(
            "the reported attack: a finish from an unknown worker for a WAITING trial, 0.99,"
                + " epochs_run -5",
            new TrialFinished(
                V,
                id,
                waiting,
                1,
                now,
                "intruder",
                TrialFinished.COMPLETE,
                0.99,
                1,
                0.99,
                -5,
                1,
                1),
            DeadLetterKind.INVALID,
            "epochs_run -5 is negative"),
        new Forgery(
            "the same finish, well-formed, without a token",
            new TrialFinished(
                V, id, waiting, 1, now, "intruder", TrialFinished.COMPLETE, 0.99, 1, 0.99, 1, 1, 1),
            DeadLetterKind.TOKEN,
            "no attempt_token"),
        new Forgery(
            "worker 'orchestrator', even with the attempt's token",
            new TrialFailed(
                V, id, running, 1, now, "orchestrator", "worker_lost", "forged", true, tr),
            DeadLetterKind.INVALID,
            "worker id 'orchestrator' is reserved"),
        new Forgery(
            "epoch 2^31-1 from the attempt's worker with its token",
            new EpochMetrics(
                V,
                id,
                running,
                1,
                now,
                HONEST,
                Integer.MAX_VALUE,
                0.5,
                0.5,
                0,
                0,
                0,
                0.99,
                1e-3,
                1,
                1,
                tr),
            DeadLetterKind.OUT_OF_RANGE,
            "epoch 2147483647 of a trial of 2 epochs"),
        new Forgery(
            "val_top1 \"Infinity\" from the attempt's worker with its token",
            infinite,
            DeadLetterKind.INVALID,
            "val_top1 Infinity is not in [0, 1]"),
        new Forgery(
            "a wrong token",
            new TrialFinished(
                V,
                id,
                running,
                1,
                now,
                HONEST,
                TrialFinished.COMPLETE,
                0.99,
                1,
                0.99,
                1,
                1,
                1,
                wrongToken),
            DeadLetterKind.TOKEN,
            "attempt_token is not this attempt's"),
        new Forgery(
            "a missing token on a heartbeat",
            new Heartbeat(V, id, running, 1, now, HONEST),
            DeadLetterKind.TOKEN,
            "no attempt_token"),
        new Forgery(
            "a valid token but another worker's id",
            new EpochMetrics(
                V, id, running, 1, now, "intruder", 1, 0.5, 0.5, 0, 0, 0, 0.99, 1e-3, 1, 1, tr),
            DeadLetterKind.WRONG_WORKER,
            "from worker intruder, but worker " + HONEST + " runs this attempt"),
        new Forgery(
            "a valid token for the WAITING trial, finishing it",
            new TrialFinished(
                V,
                id,
                waiting,
                1,
                now,
                "intruder",
                TrialFinished.COMPLETE,
                0.99,
                1,
                0.99,
                1,
                1,
                1,
                tw),
            DeadLetterKind.OUT_OF_ORDER,
            "not RUNNING under this attempt"),
        new Forgery(
            "an unknown trial of the study",
            new Heartbeat(V, id, 99, 1, now, "intruder", wrongToken),
            DeadLetterKind.UNKNOWN_ATTEMPT,
            "unknown trial"));
  }

  private static void assertDeadLetteredOnceEach(String id, List<Forgery> forgeries) {
    List<ConsumerRecord<String, byte[]>> dead =
        TopicReader.readAll(BROKER.bootstrap(), Topics.DEAD_LETTERS, Duration.ofSeconds(30))
            .stream()
            .filter(r -> r.key() != null && r.key().startsWith(id + "/"))
            .toList();
    assertThat(dead).as("dead letters of study %s", id).hasSize(forgeries.size());
    for (Forgery f : forgeries) {
      byte[] value = WireCodec.encode(f.message());
      List<ConsumerRecord<String, byte[]>> copies =
          dead.stream().filter(r -> Arrays.equals(r.value(), value)).toList();
      assertThat(copies).as("dead letters of: %s", f.what()).hasSize(1);
      assertThat(header(copies.get(0), Topics.DEAD_LETTER_KIND_HEADER))
          .as(f.what())
          .isEqualTo(f.kind().tag());
      assertThat(header(copies.get(0), Topics.DEAD_LETTER_REASON_HEADER))
          .as(f.what())
          .contains(f.reason());
    }
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static long metric(OrchestratorApi api, String name) {
    return Waits.until(
        "GET /api/metrics",
        Duration.ofSeconds(10),
        () -> api.metrics().map(m -> m.path(name).asLong()));
  }

  /**
   * Builds the model, then holds the first trial until released; val_top1 depends on the epoch
   * only.
   */
  private static final class GatedTrainer implements TrialTrainer {
    final CountDownLatch release = new CountDownLatch(1);

    static double valTop1(int epoch) {
      return 0.3 + 0.1 * epoch;
    }

    @Override
    public TrainingOutcome train(TrainingSettings settings, EpochListener listener) {
      listener.onModelReady(1_000, 10_000, 0, "cpu()");
      try {
        if (!release.await(3, TimeUnit.MINUTES)) {
          throw new IllegalStateException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      List<EpochResult> epochs = new ArrayList<>();
      for (int e = 1; e <= settings.epochs(); e++) {
        EpochResult r =
            new EpochResult(e, 1.0 / e, 1.0 / e, 0, 0, 0, valTop1(e), settings.lr(), 0.1, 100);
        epochs.add(r);
        listener.onEpoch(r);
      }
      return new TrainingOutcome(
          valTop1(epochs.size()),
          epochs.size(),
          valTop1(epochs.size()),
          epochs.size(),
          false,
          1_000,
          10_000,
          0,
          900,
          100,
          epochs);
    }
  }
}
