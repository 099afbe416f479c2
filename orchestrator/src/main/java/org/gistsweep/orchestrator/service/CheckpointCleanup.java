package org.gistsweep.orchestrator.service;

import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.gistsweep.artifacts.ArtifactInfo;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStoreException;
import org.gistsweep.orchestrator.journal.JournalEntry;
import org.gistsweep.orchestrator.study.CheckpointPlan;
import org.gistsweep.orchestrator.study.TrialSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes epoch checkpoints the study no longer needs ({@link CheckpointPlan}): the one a newer
 * checkpoint of the trial replaced, and all of them once the trial ended. Like {@link
 * ArtifactRetention}: decided on the owner context from the journal's state, deleted on a worker
 * pool, journaled ({@link JournalEntry.ArtifactsDeleted} with a {@code checkpoint_*} reason) back
 * on the owner context; a restart between the two deletes them again (a missing key is fine). One
 * pass per study at a time; a failure is logged and tried again after {@value #RETRY_MILLIS} ms.
 */
final class CheckpointCleanup {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointCleanup.class);
  static final long RETRY_MILLIS = 30_000;
  private static final int THREADS = 1;

  private final StudyService service;
  private final ArtifactStore store;
  private final WorkerExecutor pool;
  private final Set<String> busy = new HashSet<>();
  private final Set<String> again = new HashSet<>();
  private final Set<String> retrying = new HashSet<>();

  CheckpointCleanup(StudyService service, ArtifactStore store) {
    this.service = service;
    this.store = store;
    this.pool =
        service.context().owner().createSharedWorkerExecutor("gist-checkpoint-cleanup", THREADS);
  }

  /**
   * Starts a pass over {@code rt} if one is due; on the owner context, after its snapshot is fresh.
   */
  void check(StudyRuntime rt) {
    if (rt.askTell) {
      return;
    }
    String id = rt.id();
    if (busy.contains(id)) {
      again.add(id);
      return;
    }
    List<CheckpointPlan.Deletion> due = CheckpointPlan.due(rt.snapshot);
    if (due.isEmpty()) {
      return;
    }
    busy.add(id);
    pool.executeBlocking(() -> delete(id, due), false)
        .onComplete(
            ar -> {
              Deleted result = ar.succeeded() ? ar.result() : new Deleted(List.of(), ar.cause());
              service.mutate(
                  () -> {
                    List<TrialSnapshot> changed = new ArrayList<>();
                    for (Done d : result.done()) {
                      service.record(
                          new JournalEntry.ArtifactsDeleted(
                              id, service.now(), d.trial(), d.keys(), d.reason()));
                      rt.study.artifactsDeleted(d.trial(), d.keys(), d.reason());
                      rt.study.trial(d.trial()).ifPresent(changed::add);
                    }
                    if (!changed.isEmpty()) {
                      service.trialsChanged(rt, changed);
                    }
                  });
              finished(rt, result.failure());
            });
  }

  /** One trial's deletion as done: the keys deleted and the reason to journal. */
  private record Done(int trial, List<String> keys, String reason) {}

  private record Deleted(List<Done> done, Throwable failure) {}

  private Deleted delete(String study, List<CheckpointPlan.Deletion> due) {
    List<Done> done = new ArrayList<>();
    try {
      for (CheckpointPlan.Deletion d : due) {
        Set<String> keys = new TreeSet<>(d.keys());
        if (d.sweep()) {
          for (ArtifactInfo info : store.list(study + "/" + d.trial() + "/")) {
            if (CheckpointPlan.isCheckpointKey(info.key())) {
              keys.add(info.key());
            }
          }
        }
        keys.forEach(store::delete);
        done.add(new Done(d.trial(), List.copyOf(keys), d.reason()));
      }
      return new Deleted(done, null);
    } catch (ArtifactStoreException e) {
      return new Deleted(done, e);
    }
  }

  private void finished(StudyRuntime rt, Throwable failure) {
    String id = rt.id();
    busy.remove(id);
    if (failure != null) {
      String why =
          failure instanceof ArtifactStoreException ? failure.getMessage() : failure.toString();
      LOG.warn(
          "study {}: deleting epoch checkpoints failed, trying again in {} s: {}",
          id,
          RETRY_MILLIS / 1000,
          why);
      again.remove(id);
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
    } else if (again.remove(id)) {
      check(rt);
    }
  }
}
