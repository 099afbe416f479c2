package org.gistsweep.orchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gistsweep.common.spec.SearchSpace;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.orchestrator.sampler.ObservedTrial;
import org.gistsweep.orchestrator.sampler.Sampler;
import org.gistsweep.orchestrator.sampler.Samplers;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Dispatch samples in small batches off the event loop: a study at the caps with a slow sampler
 * does not hold up another study's first trial, a cancel stops its sampling at the next suggestion,
 * and batching changes nothing a sampler sees.
 */
@ExtendWith(VertxExtension.class)
class SamplingFairnessTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long SLOW_MS = 20;

  private final FakePublisher publisher = new FakePublisher();

  /** Random suggestions that take {@value #SLOW_MS} ms each, counted per study name. */
  private static final class SlowSampler implements Sampler {
    final Sampler inner;
    final AtomicInteger calls = new AtomicInteger();

    SlowSampler(Sampler inner) {
      this.inner = inner;
    }

    @Override
    public Map<String, Object> suggest(
        SearchSpace space, int trialNumber, List<? extends ObservedTrial> history) {
      calls.incrementAndGet();
      try {
        Thread.sleep(SLOW_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return inner.suggest(space, trialNumber, history);
    }

    @Override
    public OptionalLong size(SearchSpace space) {
      return inner.size(space);
    }

    @Override
    public String type() {
      return inner.type();
    }
  }

  /** What the sampler saw: the number of earlier trials in its history, and the trial's number. */
  private static final class HistoryEcho implements Sampler {
    @Override
    public Map<String, Object> suggest(
        SearchSpace space, int trialNumber, List<? extends ObservedTrial> history) {
      long earlier = history.stream().filter(t -> t.number() < trialNumber).count();
      return Map.of("seed", earlier * 1000 + trialNumber);
    }

    @Override
    public OptionalLong size(SearchSpace space) {
      return OptionalLong.empty();
    }

    @Override
    public String type() {
      return "echo";
    }
  }

  private static SweepSpec sweep(String name, int trials, int parallel) {
    return TestSpecs.parse(
        """
        name: %s
        budget: {trials: %d, parallel: %d}
        sampler: {type: random, seed: 3}
        space: {lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}}
        """
            .formatted(name, trials, parallel));
  }

  private StudyService service(Vertx vertx) throws Exception {
    StudyService service = new StudyService(vertx, publisher, MutableClock.fixed());
    service.recover().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return service;
  }

  private static int created(StudyService service, String id) {
    return service.snapshot(id).map(s -> s.trials().size()).orElse(0);
  }

  @Test
  void aStudyAtTheCapsWithASlowSamplerHoldsUpNoOtherStudyAndACancelStopsItsSampling(Vertx vertx)
      throws Exception {
    StudyService service = service(vertx);
    List<SlowSampler> samplers = new CopyOnWriteArrayList<>();
    service.setSamplers(
        (spec, direction) -> {
          SlowSampler s = new SlowSampler(Samplers.create(spec, direction));
          samplers.add(s);
          return s;
        });
    StudyLimits caps = service.limits();
    String first =
        service
            .submit(sweep("huge", caps.maxTrials(), caps.maxParallel()))
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    SlowSampler firstSampler = samplers.get(0);
    Waits.until("the first study's first trials", WAIT, () -> created(service, first) >= 1);

    String second = service.submit(sweep("small", 2, 1)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    Waits.until("the second study's first trial", WAIT, () -> created(service, second) >= 1);
    // filling 1,024 live trials takes the first study 1,024 x 20 ms: the second did not wait for
    // that
    assertThat(created(service, first)).isLessThan(caps.maxParallel());

    service
        .control(first, "cancel", "POST /api/studies/" + first + "/cancel", Map.of())
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    int callsAtCancel = firstSampler.calls.get();
    Thread.sleep(25 * SLOW_MS); // long enough for 25 more suggestions, had sampling gone on
    assertThat(firstSampler.calls.get())
        .as("at most the suggestion under way when the cancel came")
        .isLessThanOrEqualTo(callsAtCancel + 1);
    StudySnapshot cancelled = service.snapshot(first).orElseThrow();
    assertThat(cancelled.state()).isEqualTo(StudySnapshot.CANCELLED);
    assertThat(cancelled.trials()).hasSizeLessThan(caps.maxParallel());
  }

  @Test
  void batchedDispatchShowsEachSuggestionEveryEarlierTrial(Vertx vertx) throws Exception {
    StudyService service = service(vertx);
    service.setSamplers((spec, direction) -> new HistoryEcho());
    int trials = 4 * StudyService.SAMPLE_BATCH + 3;
    String id =
        service
            .submit(
                TestSpecs.parse(
                    """
                    name: echo
                    budget: {trials: %d, parallel: %d}
                    space: {seed: {type: int, low: 0, high: 1000000}}
                    """
                        .formatted(trials, trials)))
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    Waits.until(trials + " trials", WAIT, () -> created(service, id) == trials);
    for (TrialSnapshot t : service.snapshot(id).orElseThrow().trials()) {
      assertThat(t.params()).containsEntry("seed", (long) t.number() * 1000 + t.number());
    }
  }

  @Test
  void theSameSweepGetsTheSameParamsWhateverTheBatches(Vertx vertx) throws Exception {
    SweepSpec spec = sweep("same", 50, 50);
    StudyService a = service(vertx);
    String ida = a.submit(spec).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    Waits.until("50 trials", WAIT, () -> created(a, ida) == 50);
    List<Map<String, Object>> batched =
        a.snapshot(ida).orElseThrow().trials().stream().map(TrialSnapshot::params).toList();

    Sampler one = Samplers.create(spec.sampler(), spec.objective().direction());
    List<Map<String, Object>> inOneBatch =
        Suggestions.make(spec, one, 0, 50, List.of(), List.of(), ServiceMetrics.NONE, () -> true)
            .stream()
            .map(Suggestions.Suggestion::params)
            .toList();
    assertThat(batched).isEqualTo(inOneBatch);
  }
}
