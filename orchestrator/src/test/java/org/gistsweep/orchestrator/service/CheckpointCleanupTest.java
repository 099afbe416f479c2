package org.gistsweep.orchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gistsweep.artifacts.ArtifactInfo;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.artifacts.S3Settings;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.orchestrator.journal.JournalEntry;
import org.gistsweep.orchestrator.study.CheckpointPlan;
import org.gistsweep.orchestrator.testing.Events;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.gistsweep.orchestrator.testing.TrialFiles;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Epoch checkpoints in a real (directory) store: the superseded one goes once the new one is
 * recorded, all of them (and one an attempt stored but never reported) once the trial ends, the
 * kept weights stay; each deletion is journaled after it, and a restart that finds one decided but
 * not journaled deletes again and journals it.
 */
@ExtendWith(VertxExtension.class)
class CheckpointCleanupTest {
  private static final long WAIT = 10;
  private final MutableClock clock = MutableClock.fixed();
  @TempDir Path dir;
  private ArtifactStore store;

  @BeforeEach
  void open() {
    store = ArtifactStores.open(dir.resolve("store").toUri(), S3Settings.DEFAULT);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void put(String id, int attempt, int epoch) {
    store.put(
        ArtifactRef.keyOf(id, 0, attempt, ArtifactRef.checkpointName(epoch)), new byte[] {1, 2, 3});
  }

  private List<String> checkpointKeys(String id) {
    return store.list(id + "/").stream()
        .map(ArtifactInfo::key)
        .filter(CheckpointPlan::isCheckpointKey)
        .toList();
  }

  private static List<JournalEntry.ArtifactsDeleted> deletions(
      InMemoryStudyLog log, String reason) {
    return log.entries().stream()
        .filter(e -> e instanceof JournalEntry.ArtifactsDeleted d && d.reason().equals(reason))
        .map(e -> (JournalEntry.ArtifactsDeleted) e)
        .toList();
  }

  @Test
  void onlyTheLatestCheckpointIsKeptWhileTheTrialLivesAndNoneOnceItEnded(Vertx vertx)
      throws Exception {
    InMemoryStudyLog log = new InMemoryStudyLog(new FakePublisher());
    StudyService s = new StudyService(vertx, log, clock);
    s.setArtifactStore(store);
    s.recover().get(WAIT, TimeUnit.SECONDS);
    String id = s.submit(TestSpecs.random(1, 1, 3, 3)).get(WAIT, TimeUnit.SECONDS);
    Waits.until(
        "the trial is issued",
        Duration.ofSeconds(WAIT),
        () -> s.snapshot(id).orElseThrow().trials().size() == 1);
    put(id, 1, 1);
    s.apply(List.of(Events.started(id, 0, 1, "w1"), Events.epochWithCheckpoint(id, 0, 1, 1, 0.4)))
        .get(WAIT, TimeUnit.SECONDS);
    put(id, 1, 2);
    s.apply(List.of(Events.epochWithCheckpoint(id, 0, 1, 2, 0.5))).get(WAIT, TimeUnit.SECONDS);
    Waits.until(
        "checkpoint 1 deleted",
        Duration.ofSeconds(WAIT),
        () -> deletions(log, CheckpointPlan.SUPERSEDED).size() == 1);
    assertThat(deletions(log, CheckpointPlan.SUPERSEDED).get(0).keys())
        .containsExactly(id + "/0/1/checkpoint-1.safetensors");
    assertThat(checkpointKeys(id)).containsExactly(id + "/0/1/checkpoint-2.safetensors");

    put(id, 1, 3); // stored, but the worker died before reporting it
    s.apply(List.of(Events.failed(id, 0, 1, true))).get(WAIT, TimeUnit.SECONDS);
    List<ArtifactRef> best = TrialFiles.store(store, id, 0, 2, TrialFiles.weights(0, 2, 500));
    s.apply(
            List.of(
                Events.startedResuming(id, 0, 2, "w2", 2, null),
                Events.epoch(id, 0, 2, 3, 0.6),
                Events.finishedWith(id, 0, 2, 0.6, 3, best, null)))
        .get(WAIT, TimeUnit.SECONDS);
    Waits.until(
        "the ended trial's checkpoints deleted",
        Duration.ofSeconds(WAIT),
        () -> deletions(log, CheckpointPlan.TRIAL_ENDED).size() == 1);
    assertThat(deletions(log, CheckpointPlan.TRIAL_ENDED).get(0).keys())
        .containsExactly(
            id + "/0/1/checkpoint-2.safetensors", id + "/0/1/checkpoint-3.safetensors");
    assertThat(checkpointKeys(id)).isEmpty();
    assertThat(store.head(id + "/0/2/best.safetensors")).as("the kept weights stay").isPresent();
    assertThat(s.snapshot(id).orElseThrow().trials().get(0).weightsDeleted()).isFalse();

    // a restart whose journal ends before the last deletion was recorded deletes again and records
    // it
    List<JournalEntry> entries = log.entries();
    List<JournalEntry> cut =
        entries.subList(0, entries.indexOf(deletions(log, CheckpointPlan.TRIAL_ENDED).get(0)));
    InMemoryStudyLog again = new InMemoryStudyLog(new FakePublisher(), cut);
    StudyService second = new StudyService(vertx, again, clock);
    second.setArtifactStore(store);
    second.recover().get(WAIT, TimeUnit.SECONDS);
    Waits.until(
        "the deletion journaled after the restart",
        Duration.ofSeconds(WAIT),
        () -> deletions(again, CheckpointPlan.TRIAL_ENDED).size() == 1);
    assertThat(CheckpointPlan.due(second.snapshot(id).orElseThrow())).isEmpty();
  }
}
