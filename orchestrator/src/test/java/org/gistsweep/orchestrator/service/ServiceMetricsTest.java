package org.gistsweep.orchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gistsweep.common.spec.SweepSpecParser;
import org.gistsweep.common.wire.DeadLetterKind;
import org.gistsweep.common.wire.Heartbeat;
import org.gistsweep.orchestrator.metrics.OrchestratorMetrics;
import org.gistsweep.orchestrator.testing.Events;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.testsupport.PrometheusText;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the study service reports through its metrics port, read back from the Prometheus scrape.
 */
class ServiceMetricsTest {
  private static final String SPEC =
      """
      name: meters
      budget: {trials: 2, parallel: 2, epochs: 2, max_attempts: 2}
      sampler: {type: random, seed: 5}
      space:
        lr: {type: float, low: 1.0e-3, high: 1.0e-1, log: true}
      """;

  private final Vertx vertx = Vertx.vertx();
  private final FakePublisher publisher = new FakePublisher();
  private final MutableClock clock = new MutableClock(Instant.now());
  private final OrchestratorMetrics metrics = OrchestratorMetrics.create();
  private final StudyService service = new StudyService(vertx, publisher, clock);

  @AfterEach
  void close() throws Exception {
    metrics.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void deadLettersAreCountedInAllAndByKind() {
    metrics.watch(service);
    service.setDeadLetterCount(() -> 5);
    service.setDeadLetterCounts(
        kind -> kind == DeadLetterKind.TOKEN ? 3 : kind.ordinal() == 0 ? 2 : 0);
    PrometheusText scrape = new PrometheusText(metrics.scrape());
    assertThat(scrape.sum("gist_dead_letters_total")).isEqualTo(5);
    assertThat(scrape.sum("gist_dead_letters_by_kind_total", "kind", "token")).isEqualTo(3);
    assertThat(scrape.sum("gist_dead_letters_by_kind_total", "kind", "undecodable")).isEqualTo(2);
    assertThat(scrape.sum("gist_dead_letters_by_kind_total", "kind", "wrong_worker")).isEqualTo(0);
    assertThat(scrape.sum("gist_dead_letters_by_kind_total")).isEqualTo(5);
  }

  @Test
  void eventsDispatchLeasesJournalAndSamplingAreCounted() throws Exception {
    metrics.watch(service);
    service.recover().get(10, TimeUnit.SECONDS);
    String id =
        service
            .submit(SweepSpecParser.parse(SPEC, "meters.yaml", "meters"))
            .get(10, TimeUnit.SECONDS);
    Waits.until("two assignments", Duration.ofSeconds(10), () -> publisher.assignments.size() == 2);
    PrometheusText before = new PrometheusText(metrics.scrape());
    assertThat(before.sum("gist_trials", "study", id, "state", "WAITING")).isEqualTo(2);
    assertThat(before.sum("gist_trials", "study", id, "state", "COMPLETE")).isEqualTo(0);

    clock.advance(Duration.ofMillis(1500));
    service
        .apply(
            List.of(
                Events.started(id, 0, 1, "w1"),
                Events.epoch(id, 0, 1, 1, 0.5),
                Events.epoch(id, 0, 1, 2, 0.6),
                Events.finished(id, 0, 1, 0.6, 2),
                Events.started(id, 1, 1, "w2")))
        .get(10, TimeUnit.SECONDS);
    service
        .apply(
            List.of(
                Events.epoch(id, 0, 1, 2, 0.6),
                Events.heartbeat("nobody", 0, 1),
                new Heartbeat(1, id, 1, 1, 1L, "forger")))
        .get(10, TimeUnit.SECONDS);
    clock.advance(Duration.ofSeconds(31));
    service
        .onContext(
            () -> {
              service.checkLeases(Duration.ofSeconds(30));
              return null;
            })
        .get(10, TimeUnit.SECONDS);
    Waits.until(
        "the second attempt of trial 1",
        Duration.ofSeconds(10),
        () -> publisher.assignments.size() == 3);

    PrometheusText scrape = new PrometheusText(metrics.scrape());
    String applied = "gist_worker_events_applied_total";
    assertThat(scrape.sum(applied, "type", "trial_started", "outcome", "changed")).isEqualTo(2);
    assertThat(scrape.sum(applied, "type", "epoch_metrics", "outcome", "changed")).isEqualTo(2);
    assertThat(scrape.sum(applied, "type", "epoch_metrics", "outcome", "ignored"))
        .as("a duplicate after the trial finished")
        .isEqualTo(1);
    assertThat(scrape.sum(applied, "type", "trial_finished", "outcome", "finished")).isEqualTo(1);
    assertThat(scrape.sum(applied, "type", "heartbeat", "outcome", "rejected"))
        .as("a heartbeat without the attempt's token")
        .isEqualTo(1);
    assertThat(scrape.sum("gist_messages_ignored_total", "reason", "fenced"))
        .as("rejections are not fenced messages")
        .isEqualTo(1);
    assertThat(scrape.sum("gist_messages_ignored_total", "reason", "unknown_study")).isEqualTo(1);
    assertThat(scrape.sum("gist_lease_expiries_total")).as("trial 1 went silent").isEqualTo(1);
    assertThat(scrape.sum("gist_attempts_reissued_total")).isEqualTo(1);
    assertThat(scrape.sum("gist_dispatch_latency_seconds_count")).isEqualTo(2);
    assertThat(scrape.sum("gist_dispatch_latency_seconds_sum"))
        .as("both started 1.5 s after their assignment")
        .isEqualTo(3.0);
    assertThat(scrape.sum("gist_events_apply_seconds_count")).isEqualTo(3);
    assertThat(scrape.sum("gist_journal_append_seconds_count")).isPositive();
    assertThat(scrape.sum("gist_sampler_ask_seconds_count", "sampler", "random"))
        .as("a second attempt keeps its parameters")
        .isEqualTo(2);
    assertThat(scrape.sum("gist_studies", "state", "running")).isEqualTo(1);
    assertThat(scrape.sum("gist_studies", "state", "complete")).isEqualTo(0);
    assertThat(scrape.sum("gist_trials", "study", id, "state", "COMPLETE")).isEqualTo(1);
    assertThat(scrape.sum("gist_trials", "study", id, "state", "WAITING"))
        .as("trial 1 awaits its second attempt")
        .isEqualTo(1);
    assertThat(scrape.sum("gist_trials", "study", id)).isEqualTo(2);
    assertThat(scrape.has("jvm_memory_used_bytes") && scrape.has("process_cpu_usage")).isTrue();

    service
        .control(id, "pause", "POST /api/studies/" + id + "/pause", Map.of())
        .get(10, TimeUnit.SECONDS);
    PrometheusText paused = new PrometheusText(metrics.scrape());
    assertThat(paused.sum("gist_studies", "state", "paused")).isEqualTo(1);
    assertThat(paused.sum("gist_studies", "state", "running")).isEqualTo(0);
    assertThat(paused.sum("gist_trials", "study", id, "state", "CANCELLED")).isEqualTo(0);
  }
}
