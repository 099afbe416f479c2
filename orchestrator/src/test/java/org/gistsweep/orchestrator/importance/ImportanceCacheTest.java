package org.gistsweep.orchestrator.importance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.gistsweep.common.spec.FloatDistribution;
import org.gistsweep.common.spec.ParameterSpec;
import org.gistsweep.common.spec.SearchSpace;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.importance.ParameterImportanceTest.Trial;
import org.gistsweep.orchestrator.sampler.ObservedTrial;
import org.junit.jupiter.api.Test;

class ImportanceCacheTest {
  private static final SearchSpace SPACE =
      new SearchSpace(
          List.of(new ParameterSpec("x", new FloatDistribution(0, 1, false, 0), Map.of())));

  /**
   * Counts computations; each one's result waits in {@link #pending} until the test completes it.
   */
  private final List<CompletableFuture<ParameterImportance.Result>> pending = new ArrayList<>();

  private final List<Integer> rowsSeen = new ArrayList<>();

  private ImportanceCache cache(int capacity) {
    return new ImportanceCache(
        capacity,
        (space, trials) -> {
          rowsSeen.add(trials.size());
          CompletableFuture<ParameterImportance.Result> f = new CompletableFuture<>();
          pending.add(f);
          return f;
        });
  }

  private static List<ObservedTrial> trials(int complete) {
    List<ObservedTrial> out = new ArrayList<>();
    for (int i = 0; i < complete; i++) {
      out.add(new Trial(i, TrialState.COMPLETE, Map.of("x", i / 100.0), (double) i));
    }
    return out;
  }

  private static ParameterImportance.Result result(int used) {
    return new ParameterImportance.Result(Map.of("x", 1.0), used);
  }

  @Test
  void theSameUsableTrialsAreComputedOnce() throws Exception {
    ImportanceCache cache = cache(4);
    CompletableFuture<ParameterImportance.Result> first = cache.get("s", SPACE, trials(10));
    pending.get(0).complete(result(10));
    assertEquals(result(10), first.get());
    assertEquals(result(10), cache.get("s", SPACE, trials(10)).get());
    List<ObservedTrial> withUnfinished = trials(10);
    withUnfinished.add(new Trial(10, TrialState.RUNNING, Map.of("x", 0.5), null));
    withUnfinished.add(new Trial(11, TrialState.COMPLETE, Map.of("x", 0.5), Double.NaN));
    withUnfinished.add(new Trial(12, TrialState.FAILED, Map.of("x", 0.5), null));
    assertEquals(
        result(10),
        cache.get("s", SPACE, withUnfinished).get(),
        "no new usable trial, same result");
    assertEquals(1, pending.size());
  }

  @Test
  void aNewUsableTrialComputesAgainAndKeepsOneEntryPerStudy() throws Exception {
    ImportanceCache cache = cache(4);
    cache.get("s", SPACE, trials(10));
    pending.get(0).complete(result(10));
    CompletableFuture<ParameterImportance.Result> later = cache.get("s", SPACE, trials(11));
    assertEquals(2, pending.size());
    assertFalse(later.isDone());
    pending.get(1).complete(result(11));
    assertEquals(result(11), later.get());
    assertEquals(List.of(10, 11), rowsSeen);
    assertEquals(1, cache.size());
  }

  @Test
  void aTrialFinishingOutOfOrderIsANewKey() {
    ImportanceCache cache = cache(4);
    List<ObservedTrial> t = trials(10);
    t.set(3, new Trial(3, TrialState.RUNNING, Map.of("x", 0.03), null));
    cache.get("s", SPACE, t);
    t.set(3, new Trial(3, TrialState.COMPLETE, Map.of("x", 0.03), 3.0));
    cache.get("s", SPACE, t);
    assertEquals(2, pending.size());
  }

  @Test
  void concurrentRequestsShareTheComputationInFlight() throws Exception {
    ImportanceCache cache = cache(4);
    CompletableFuture<ParameterImportance.Result> a = cache.get("s", SPACE, trials(10));
    CompletableFuture<ParameterImportance.Result> b = cache.get("s", SPACE, trials(10));
    assertEquals(1, pending.size());
    assertFalse(a.isDone());
    b.cancel(true);
    pending.get(0).complete(result(10));
    assertEquals(result(10), a.get(), "a caller cancelling its copy does not cancel the others'");
    assertEquals(result(10), cache.get("s", SPACE, trials(10)).get());
    assertEquals(1, pending.size());
  }

  @Test
  void aFailureIsReportedAndNotKept() throws Exception {
    ImportanceCache cache = cache(4);
    CompletableFuture<ParameterImportance.Result> failed = cache.get("s", SPACE, trials(10));
    IllegalStateException boom = new IllegalStateException("boom");
    pending.get(0).completeExceptionally(boom);
    ExecutionException e = assertThrows(ExecutionException.class, failed::get);
    assertSame(boom, e.getCause());
    assertEquals(0, cache.size());
    CompletableFuture<ParameterImportance.Result> retried = cache.get("s", SPACE, trials(10));
    assertEquals(2, pending.size());
    pending.get(1).complete(result(10));
    assertEquals(result(10), retried.get());
  }

  @Test
  void aComputeThatThrowsFailsTheFuture() {
    ImportanceCache cache =
        new ImportanceCache(
            4,
            (space, trials) -> {
              throw new IllegalStateException("rejected");
            });
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> cache.get("s", SPACE, trials(10)).get());
    assertEquals("rejected", e.getCause().getMessage());
    assertEquals(0, cache.size());
  }

  @Test
  void theLeastRecentlyAskedStudyIsDroppedBeyondCapacity() throws Exception {
    ImportanceCache cache = cache(2);
    cache.get("a", SPACE, trials(10));
    cache.get("b", SPACE, trials(10));
    pending.forEach(f -> f.complete(result(10)));
    cache.get("a", SPACE, trials(10)); // a is now the most recent
    cache.get("c", SPACE, trials(10)); // drops b
    assertEquals(3, pending.size());
    pending.get(2).complete(result(10));
    assertEquals(2, cache.size());
    assertTrue(cache.get("a", SPACE, trials(10)).isDone());
    cache.get("b", SPACE, trials(10));
    assertEquals(4, pending.size());
  }

  @Test
  void aDifferentSpaceIsADifferentKey() {
    ImportanceCache cache = cache(4);
    cache.get("s", SPACE, trials(10));
    SearchSpace wider =
        new SearchSpace(
            List.of(new ParameterSpec("x", new FloatDistribution(0, 2, false, 0), Map.of())));
    cache.get("s", wider, trials(10));
    assertEquals(2, pending.size());
  }

  @Test
  void capacityMustBePositive() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ImportanceCache(0, (s, t) -> new CompletableFuture<>()));
    assertTrue(e.getMessage().contains("capacity"), e.getMessage());
  }
}
