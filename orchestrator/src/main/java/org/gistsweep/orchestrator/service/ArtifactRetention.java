package org.gistsweep.orchestrator.service;

import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStoreException;
import org.gistsweep.orchestrator.journal.JournalEntry;
import org.gistsweep.orchestrator.study.RetentionPlan;
import org.gistsweep.orchestrator.study.TrialArtifact;
import org.gistsweep.orchestrator.study.TrialSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a study's artifacts within its {@code retain: {best: K}}, and deletes a study's artifacts
 * when it is archived with them. A pass decides on the owner context from the journal's state
 * ({@link RetentionPlan}), deletes in the store on a worker pool, then journals {@link
 * JournalEntry.ArtifactsDeleted} back on the owner context: a restart between the two finds the
 * weights still due and deletes them again (a missing key is fine). One pass per study at a time; a
 * pass asked for meanwhile runs after it; a store failure is logged and the pass tried again after
 * {@value #RETRY_MILLIS} ms (and at every later trial end, and at restart).
 */
final class ArtifactRetention {
  private static final Logger LOG = LoggerFactory.getLogger(ArtifactRetention.class);
  static final long RETRY_MILLIS = 30_000;
  private static final int THREADS = 2;

  private final StudyService service;
  private final ArtifactStore store;
  private final WorkerExecutor pool;
  private final Set<String> busy = new HashSet<>();
  private final Set<String> again = new HashSet<>();
  private final Set<String> retrying = new HashSet<>();
  private final Map<String, List<CompletableFuture<Void>>> waiters = new HashMap<>();
  private final Map<String, List<CompletableFuture<Void>>> idle = new HashMap<>();

  ArtifactRetention(StudyService service, ArtifactStore store) {
    this.service = service;
    this.store = store;
    this.pool =
        service.context().owner().createSharedWorkerExecutor("gist-artifact-retention", THREADS);
  }

  ArtifactStore store() {
    return store;
  }

  /**
   * Starts a pass over {@code rt} if one is due; on the owner context, after its snapshot is fresh.
   */
  void check(StudyRuntime rt) {
    if (rt.askTell) {
      return; // an ask/tell client stores nothing here
    }
    String id = rt.id();
    if (busy.contains(id)) {
      again.add(id);
      return;
    }
    if (rt.study.artifactDeletionPending()) {
      deleteStudy(rt);
      return;
    }
    List<RetentionPlan.Deletion> due = RetentionPlan.due(rt.snapshot);
    if (!due.isEmpty()) {
      deleteWeights(rt, due);
    }
  }

  /**
   * Completes once the artifacts of a study archived with them are deleted and that is journaled
   * (at once when none are pending); fails with the store's error when a try fails.
   */
  CompletableFuture<Void> awaitStudyDeletion(StudyRuntime rt) {
    if (!rt.study.artifactDeletionPending()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    waiters.computeIfAbsent(rt.id(), k -> new ArrayList<>()).add(done);
    check(rt); // after a failed try, try again now rather than at the next retry
    return done;
  }

  /** The deletions the store completed, in order, and the failure that stopped the rest, if any. */
  private record Deleted(List<RetentionPlan.Deletion> done, ArtifactStoreException failure) {}

  /**
   * Completes once no pass over {@code rt} runs and none is due (at once when so): then the study's
   * JSON says what the store holds. A pass that failed counts as done (it is tried again later).
   */
  CompletableFuture<Void> awaitIdle(StudyRuntime rt) {
    check(rt);
    if (!busy.contains(rt.id())) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    idle.computeIfAbsent(rt.id(), k -> new ArrayList<>()).add(done);
    return done;
  }

  private void deleteWeights(StudyRuntime rt, List<RetentionPlan.Deletion> due) {
    String id = rt.id();
    busy.add(id);
    pool.executeBlocking(
            () -> {
              List<RetentionPlan.Deletion> done = new ArrayList<>();
              try {
                for (RetentionPlan.Deletion d : due) {
                  d.keys().forEach(store::delete);
                  done.add(d);
                }
                return new Deleted(done, null);
              } catch (ArtifactStoreException e) {
                return new Deleted(done, e);
              }
            },
            false)
        .onComplete(
            ar -> {
              List<RetentionPlan.Deletion> deleted =
                  ar.succeeded() ? ar.result().done() : List.of();
              service.mutate(
                  () -> {
                    List<TrialSnapshot> changed = new ArrayList<>();
                    for (RetentionPlan.Deletion d : deleted) {
                      service.record(
                          new JournalEntry.ArtifactsDeleted(
                              id, service.now(), d.trial(), d.keys(), TrialArtifact.RETENTION));
                      rt.study.artifactsDeleted(d.trial(), d.keys(), TrialArtifact.RETENTION);
                      rt.study.trial(d.trial()).ifPresent(changed::add);
                    }
                    if (!deleted.isEmpty()) {
                      LOG.info(
                          "study {}: deleted the weights of trial(s) {} (retain: {best: {}} keeps"
                              + " trial(s) {})",
                          id,
                          deleted.stream().map(RetentionPlan.Deletion::trial).toList(),
                          rt.study.spec().retain().best(),
                          RetentionPlan.kept(rt.study.snapshot()));
                      service.trialsChanged(rt, changed);
                    }
                  });
              finished(rt, ar.failed() ? ar.cause() : ar.result().failure());
            });
  }

  private void deleteStudy(StudyRuntime rt) {
    String id = rt.id();
    busy.add(id);
    pool.executeBlocking(() -> store.deletePrefix(id + "/"), false)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                service
                    .mutate(
                        () -> {
                          service.record(
                              new JournalEntry.ArtifactsDeleted(
                                  id,
                                  service.now(),
                                  -1,
                                  List.of(id + "/"),
                                  TrialArtifact.STUDY_DELETED));
                          rt.study.artifactsDeleted(
                              -1, List.of(id + "/"), TrialArtifact.STUDY_DELETED);
                          LOG.info(
                              "study {}: deleted its {} artifact file(s) from {}",
                              id,
                              ar.result(),
                              store.uri());
                          service.trialsChanged(rt, rt.study.trials());
                        })
                    .whenComplete((ok, e) -> service.context().runOnContext(v -> answer(id, e)));
              } else {
                answer(id, ar.cause());
              }
              finished(rt, ar.failed() ? ar.cause() : null);
            });
  }

  private void answer(String id, Throwable failure) {
    List<CompletableFuture<Void>> waiting = waiters.remove(id);
    if (waiting != null) {
      waiting.forEach(
          f -> {
            if (failure == null) {
              f.complete(null);
            } else {
              f.completeExceptionally(failure);
            }
          });
    }
  }

  private void finished(StudyRuntime rt, Throwable failure) {
    String id = rt.id();
    busy.remove(id);
    if (failure != null) {
      String why =
          failure instanceof ArtifactStoreException ? failure.getMessage() : failure.toString();
      LOG.warn(
          "study {}: deleting artifacts failed, trying again in {} s: {}",
          id,
          RETRY_MILLIS / 1000,
          why);
      if (retrying.add(id)) {
        service
            .context()
            .owner()
            .setTimer(
                RETRY_MILLIS,
                t ->
                    service
                        .context()
                        .runOnContext(
                            v -> {
                              retrying.remove(id);
                              check(rt);
                            }));
      }
      again.remove(id);
    } else if (again.remove(id)) {
      check(rt);
    }
    if (!busy.contains(id)) {
      List<CompletableFuture<Void>> waiting = idle.remove(id);
      if (waiting != null) {
        waiting.forEach(f -> f.complete(null));
      }
    }
  }
}
