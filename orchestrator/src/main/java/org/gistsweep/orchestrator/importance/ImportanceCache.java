package org.gistsweep.orchestrator.importance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.gistsweep.common.spec.SearchSpace;
import org.gistsweep.orchestrator.sampler.ObservedTrial;

/**
 * The latest {@link ParameterImportance} of each study, so that page reloads, several tabs and a
 * live view refetching do not fit the forest again while the study's usable trials are the same.
 *
 * <p>An entry is keyed by {@link Key}: the search space, how many trials are usable (COMPLETE with
 * a finite value) and the highest such trial number. That is exact because a finished trial is
 * frozen and no trial is ever removed, so the usable trials only grow: the same count is the same
 * trials. Requests with the key of a computation still running share its future, so it runs once. A
 * failed computation is not kept. One entry per study, and at most {@code capacity} studies, the
 * least recently asked dropped first. Each caller gets its own copy of the shared future, so
 * cancelling or completing it touches no other caller.
 */
public final class ImportanceCache {

  /** What a study's importance depends on. */
  public record Key(SearchSpace space, int usableTrials, int highestUsableNumber) {

    /** The key of {@code trials}, by one pass over them. */
    public static Key of(SearchSpace space, List<? extends ObservedTrial> trials) {
      int count = 0;
      int highest = -1;
      for (ObservedTrial t : trials) {
        if (ParameterImportance.usable(t)) {
          count++;
          highest = Math.max(highest, t.number());
        }
      }
      return new Key(space, count, highest);
    }
  }

  private record Entry(Key key, CompletableFuture<ParameterImportance.Result> result) {}

  private final BiFunction<
          SearchSpace, List<? extends ObservedTrial>, CompletionStage<ParameterImportance.Result>>
      compute;
  private final Map<String, Entry> entries;

  /**
   * @param capacity how many studies are kept, at least 1
   * @param compute starts the computation (typically {@link ParameterImportance#compute} on a
   *     worker thread) and completes with its result
   */
  public ImportanceCache(
      int capacity,
      BiFunction<
              SearchSpace,
              List<? extends ObservedTrial>,
              CompletionStage<ParameterImportance.Result>>
          compute) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.compute = compute;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * The importance of study {@code studyId}: the cached or running one when its key matches, else a
   * new one.
   */
  public CompletableFuture<ParameterImportance.Result> get(
      String studyId, SearchSpace space, List<? extends ObservedTrial> trials) {
    Key key = Key.of(space, trials);
    Entry entry;
    synchronized (entries) {
      Entry cached = entries.get(studyId);
      if (cached != null && cached.key().equals(key)) {
        return cached.result().copy();
      }
      entry = new Entry(key, new CompletableFuture<>());
      entries.put(studyId, entry);
    }
    CompletionStage<ParameterImportance.Result> started;
    try {
      started = compute.apply(space, trials);
    } catch (RuntimeException e) {
      started = CompletableFuture.failedFuture(e);
    }
    started.whenComplete(
        (result, error) -> {
          if (error != null) {
            synchronized (entries) {
              entries.remove(studyId, entry);
            }
            entry.result().completeExceptionally(error);
          } else {
            entry.result().complete(result);
          }
        });
    return entry.result().copy();
  }

  /** How many studies have an entry. */
  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
