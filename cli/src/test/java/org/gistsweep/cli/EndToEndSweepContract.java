package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.spec.SweepSpecParser;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;
import org.gistsweep.testsupport.PrometheusText;
import org.gistsweep.testsupport.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real sweep end to end: a real Kafka broker, the orchestrator, two workers training GIST with
 * DJL, three trials. Runs against each broker a subclass provides.
 */
abstract class EndToEndSweepContract {
  static final String SWEEP =
      """
      name: e2e
      budget: {trials: 3, parallel: 2, epochs: 2}
      sampler: {type: random, seed: 11}
      training: {task: synthetic-shapes, peft: adapter, batch_size: 50, warmup_epochs: 0}
      space:
        gist: {type: categorical, choices: [true, false]}
        lr:   {type: float, low: 3.0e-3, high: 2.0e-2, log: true}
      """;

  @TempDir Path home;

  protected abstract String bootstrap();

  @Test
  void threeTrialsOnTwoWorkersCompleteWithPerEpochMetrics() throws Exception {
    SweepSpec spec = SweepSpecParser.parse(SWEEP, "e2e.yaml", "e2e");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    Path output = home.resolve("out");
    LocalSweep.Options options =
        new LocalSweep.Options(2, 0, false, home.resolve("data"), home.resolve("cache"), out);
    try (LocalSweep sweep = LocalSweep.start(options, bootstrap())) {
      StudySnapshot study = sweep.run(spec, output, Duration.ofMinutes(15));

      assertThat(study.trials()).hasSize(3);
      for (TrialSnapshot t : study.trials()) {
        assertThat(t.state()).as("trial %d", t.number()).isEqualTo(TrialState.COMPLETE);
        assertThat(t.epochs()).hasSize(2);
        assertThat(t.epochs())
            .allSatisfy(
                e -> {
                  assertThat(e.valTop1()).isBetween(0.0, 1.0);
                  assertThat(e.trainLoss()).isFinite().isPositive();
                });
        assertThat(t.value()).isNotNull();
        assertThat(t.trainableParams()).isPositive();
        assertThat(t.worker()).startsWith("local-");
      }
      assertThat(study.bestTrial()).isNotNull();
      double best = study.trials().stream().mapToDouble(TrialSnapshot::value).max().orElseThrow();
      assertThat(study.bestValue()).isEqualTo(best);

      JsonNode written =
          new ObjectMapper().readTree(Files.readString(output.resolve("study.json")));
      JsonNode served =
          new ObjectMapper()
              .readTree(get(sweep.orchestrator().url() + "api/studies/" + study.id() + "/trials"));
      assertThat(written).isEqualTo(served);
      JsonNode first = written.get("trials").get(0);
      assertThat(first.get("state").asText()).isEqualTo("COMPLETE");
      assertThat(first.get("epochs").get(0).has("val_top1")).isTrue();
      assertThat(
              first.has("params")
                  && first.has("value")
                  && first.has("trainable_params")
                  && first.has("number"))
          .isTrue();

      assertMetricsAgreeWithTheStudy(
          new PrometheusText(get(sweep.orchestrator().url() + "metrics")), served);
    }
    String log = printed.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("epoch 1/2", "COMPLETE", "Leaderboard of");
  }

  static final String PRUNED_SWEEP =
      """
      name: e2e-asha
      budget: {trials: 4, parallel: 2, epochs: 3}
      sampler: {type: grid}
      pruner: {type: asha, min_resource: 1, reduction_factor: 2}
      training: {task: synthetic-shapes, peft: adapter, batch_size: 50}
      space:
        lr: {type: categorical, choices: [0.01, 0.000001, 0.0000011, 0.0000012]}
      """;

  @Test
  void ashaPrunesWeakTrialsThroughTheWorkers() throws Exception {
    SweepSpec spec = SweepSpecParser.parse(PRUNED_SWEEP, "asha.yaml", "asha");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    LocalSweep.Options options =
        new LocalSweep.Options(2, 0, false, home.resolve("data"), home.resolve("cache"), quiet);
    try (LocalSweep sweep = LocalSweep.start(options, bootstrap())) {
      StudySnapshot study = sweep.run(spec, null, Duration.ofMinutes(15));

      assertThat(study.trials())
          .hasSize(4)
          .allSatisfy(t -> assertThat(t.state()).isIn(TrialState.COMPLETE, TrialState.PRUNED));
      List<TrialSnapshot> pruned =
          study.trials().stream().filter(t -> t.state() == TrialState.PRUNED).toList();
      assertThat(pruned).as("trials at lr 1e-6 fall behind lr 1e-2 at the first rung").isNotEmpty();
      assertThat(pruned)
          .allSatisfy(
              t -> {
                assertThat(t.epochs().size()).isLessThan(3);
                assertThat(t.value()).isNotNull();
              });
      assertThat(pruned)
          .as(
              "workers wait for each epoch's decision, so a trial pruned at the first rung trains"
                  + " no second epoch")
          .anySatisfy(t -> assertThat(t.epochs()).hasSize(1));
      assertThat(study.prunedEpochsSaved())
          .isEqualTo(pruned.stream().mapToInt(t -> 3 - t.epochs().size()).sum());
      assertThat(LeaderboardTable.render(study))
          .contains(
              "Pruning stopped "
                  + pruned.size()
                  + " of 4 trials early and saved "
                  + study.prunedEpochsSaved()
                  + " of 12 epochs");
      assertThat(study.bestTrial()).isEqualTo(0);
    }
  }

  /**
   * The Prometheus scrape counts what the study JSON shows: trials by state, events applied,
   * ignored, epochs trained.
   */
  private static void assertMetricsAgreeWithTheStudy(PrometheusText scrape, JsonNode study) {
    String id = study.get("id").asText();
    for (TrialState state : TrialState.values()) {
      assertThat(scrape.sum("gist_trials", "study", id, "state", state.name()))
          .as("gist_trials %s", state)
          .isEqualTo(study.get("counts").get(state.name()).asDouble());
    }
    assertThat(scrape.sum("gist_studies", "state", "complete"))
        .as("this study and any the journal brought back")
        .isGreaterThanOrEqualTo(1);
    int epochs = 0;
    int attempts = 0;
    for (JsonNode t : study.get("trials")) {
      epochs += t.get("epochs").size();
      attempts += t.get("attempt").asInt();
    }
    String applied = "gist_worker_events_applied_total";
    assertThat(scrape.sum(applied, "type", "trial_started", "outcome", "changed"))
        .as("attempts started")
        .isEqualTo(attempts);
    assertThat(scrape.sum(applied, "type", "epoch_metrics", "outcome", "changed"))
        .as("epochs applied")
        .isEqualTo(epochs);
    assertThat(scrape.sum(applied, "type", "trial_finished", "outcome", "finished"))
        .as("trials finished")
        .isEqualTo(
            study.get("counts").get("COMPLETE").asDouble()
                + study.get("counts").get("PRUNED").asDouble());
    assertThat(scrape.sum("gist_messages_ignored_total", "reason", "fenced"))
        .isEqualTo(study.get("ignored_messages").asDouble());
    assertThat(scrape.sum("gist_dispatch_latency_seconds_count"))
        .as("a dispatch latency per attempt started")
        .isEqualTo(attempts);
    assertThat(scrape.sum("gist_worker_trials_total", "outcome", "complete"))
        .as("local workers' own count")
        .isEqualTo(study.get("counts").get("COMPLETE").asDouble());
    assertThat(scrape.sum("gist_worker_epoch_seconds_count")).isEqualTo(epochs);
    assertThat(scrape.has("gist_events_consumer_lag"))
        .as("the consumer lag gauge of a Kafka orchestrator")
        .isTrue();
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> r = TestHttp.get(url);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }
}
