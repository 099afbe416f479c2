package org.gistsweep.orchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gistsweep.artifacts.ArtifactContent;
import org.gistsweep.artifacts.ArtifactInfo;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStoreException;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.artifacts.ByteRange;
import org.gistsweep.artifacts.S3Settings;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.orchestrator.http.StudyJson;
import org.gistsweep.orchestrator.journal.JournalCodec;
import org.gistsweep.orchestrator.journal.JournalEntry;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialArtifact;
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
 * Retention on a real directory store: after each trial ends the weights of trials outside {@code
 * retain: {best: 2}} are deleted and then journaled; logs stay. The recorded journal ({@code
 * journal/sweep-with-artifacts.jsonl}) replays without deleting anything again; the same journal
 * without its {@code artifacts_deleted} entries (a restart after the finishes, before the deletions
 * were recorded) deletes them again and records them, and never touches the kept trials' files.
 */
@ExtendWith(VertxExtension.class)
class ArtifactRetentionTest {
  private static final Path FIXTURE =
      Path.of("src/test/resources/journal/sweep-with-artifacts.jsonl");
  private static final long WAIT = 10;

  /**
   * Trial values in order: with retain 2, trial 0 leaves when trial 2 ends, trial 2 when trial 3
   * ends.
   */
  private static final double[] VALUES = {0.6, 0.9, 0.7, 0.8};

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

  private static String sweep(int keep) {
    return """
    name: keep
    budget: {trials: 4, parallel: 4, epochs: 2}
    sampler: {type: random, seed: 7}
    retain: {best: %d}
    space:
      lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
    """
        .formatted(keep);
  }

  private static void finish(StudyService s, ArtifactStore into, String id, int trial)
      throws Exception {
    List<ArtifactRef> refs =
        TrialFiles.store(into, id, trial, 1, TrialFiles.weights(trial, 1, 1000 + trial));
    s.apply(
            List.of(
                Events.started(id, trial, 1, "w" + trial),
                Events.epoch(id, trial, 1, 1, VALUES[trial] / 2),
                Events.epoch(id, trial, 1, 2, VALUES[trial]),
                Events.finishedWith(id, trial, 1, VALUES[trial], 2, refs, null)))
        .get(WAIT, TimeUnit.SECONDS);
  }

  private static List<JournalEntry.ArtifactsDeleted> deletions(InMemoryStudyLog log) {
    return log.entries().stream()
        .filter(e -> e instanceof JournalEntry.ArtifactsDeleted)
        .map(e -> (JournalEntry.ArtifactsDeleted) e)
        .toList();
  }

  private static List<String> keys(ArtifactStore s, String prefix) {
    return s.list(prefix).stream().map(ArtifactInfo::key).toList();
  }

  private static List<String> weightKeys(ArtifactStore s, String id) {
    return keys(s, id).stream()
        .filter(k -> k.endsWith(".safetensors") || k.endsWith(".json"))
        .toList();
  }

  private static List<String> best(String id, int... trials) {
    List<String> out = new ArrayList<>();
    for (int t : trials) {
      out.add(id + "/" + t + "/1/best.json");
      out.add(id + "/" + t + "/1/best.safetensors");
    }
    return out;
  }

  @Test
  void theBestTwoTrialsKeepTheirWeightsEveryTrialItsLogAndEachDeletionIsJournaledAfterIt(
      Vertx vertx) throws Exception {
    InMemoryStudyLog log = new InMemoryStudyLog(new FakePublisher());
    StudyService s = new StudyService(vertx, log, clock);
    s.setArtifactStore(store);
    s.recover().get(WAIT, TimeUnit.SECONDS);
    String id = s.submit(TestSpecs.parse(sweep(2))).get(WAIT, TimeUnit.SECONDS);
    Waits.until(
        "four trials",
        Duration.ofSeconds(WAIT),
        () -> s.snapshot(id).orElseThrow().trials().size() == 4);
    for (int t = 0; t < 4; t++) {
      clock.advance(Duration.ofSeconds(1));
      finish(s, store, id, t);
    }
    StudySnapshot settled = s.artifactsSettled(id).get(WAIT, TimeUnit.SECONDS);
    assertThat(deletions(log))
        .as("settled: the passes are done and journaled")
        .extracting(JournalEntry.ArtifactsDeleted::trial)
        .containsExactly(0, 2);
    assertThat(settled.trials().get(2).weightsDeleted()).isTrue();
    assertThat(deletions(log).get(0).keys())
        .contains(id + "/0/1/best.safetensors", id + "/0/1/last.json")
        .hasSize(4);
    assertThat(deletions(log))
        .allSatisfy(d -> assertThat(d.reason()).isEqualTo(TrialArtifact.RETENTION));
    assertThat(weightKeys(store, id)).containsExactlyElementsOf(best(id, 1, 3));
    for (int t = 0; t < 4; t++) {
      assertThat(keys(store, id + "/" + t + "/1/log")).as("trial %d's log", t).isNotEmpty();
    }
    StudySnapshot done = s.snapshot(id).orElseThrow();
    assertThat(done.trials().get(0).artifact("best.safetensors").orElseThrow().deleted()).isTrue();
    assertThat(done.trials().get(1).artifact("best.safetensors").orElseThrow().deleted()).isFalse();
    assertThat(done.trials().get(2).artifact("attempt-1.log").orElseThrow().deleted()).isFalse();
    String json = StudyJson.encode(StudyJson.study(done));
    assertThat(json).contains("\"deleted_reason\":\"retention\"");
    if (Boolean.getBoolean("gist.writeJournalFixtures")) {
      List<String> lines = new ArrayList<>();
      for (JournalEntry e : log.entries()) {
        lines.add(new String(JournalCodec.encode(e), StandardCharsets.UTF_8));
      }
      Files.write(FIXTURE, lines);
      Files.writeString(
          Path.of(FIXTURE.toString().replace(".jsonl", ".expected.json")),
          StudyJson.encode(s.studies().stream().map(StudyJson::study).toList()) + "\n");
    }
  }

  private static List<JournalEntry> fixture() throws IOException {
    List<JournalEntry> entries = new ArrayList<>();
    for (String line : Files.readAllLines(FIXTURE)) {
      entries.add(JournalCodec.decode(line.getBytes(StandardCharsets.UTF_8)));
    }
    return entries;
  }

  /** Puts every trial's files of the fixture's study in {@code into}, as the workers left them. */
  private static String restoreFiles(List<JournalEntry> journal, ArtifactStore into) {
    String id = journal.get(0).study();
    for (int t = 0; t < 4; t++) {
      TrialFiles.store(into, id, t, 1, TrialFiles.weights(t, 1, 1000 + t));
    }
    return id;
  }

  @Test
  void theRecordedJournalReplaysWithoutDeletingAnythingAgain(Vertx vertx) throws Exception {
    List<JournalEntry> journal = fixture();
    assertThat(journal).filteredOn(e -> e instanceof JournalEntry.ArtifactsDeleted).hasSize(2);
    CountingStore counting = new CountingStore(store);
    String id = restoreFiles(journal, store);
    InMemoryStudyLog log = new InMemoryStudyLog(new FakePublisher(), journal);
    StudyService s = new StudyService(vertx, log, clock);
    s.setArtifactStore(counting);
    s.recover().get(WAIT, TimeUnit.SECONDS);
    s.artifactsSettled(id).get(WAIT, TimeUnit.SECONDS); // no retention pass runs or is due
    assertThat(counting.deletes.get()).as("the journal says the deletions are done").isZero();
    assertThat(log.entries()).hasSameSizeAs(journal);
    assertThat(
            s.snapshot(id)
                .orElseThrow()
                .trials()
                .get(2)
                .artifact("best.safetensors")
                .orElseThrow()
                .deleted())
        .isTrue();
  }

  @Test
  void aRestartAfterTheFinishesButBeforeTheDeletionsWereJournaledDeletesThemAndNeverTheKept(
      Vertx vertx) throws Exception {
    List<JournalEntry> journal = new ArrayList<>(fixture());
    journal.removeIf(e -> e instanceof JournalEntry.ArtifactsDeleted);
    String id = restoreFiles(journal, store);
    store.delete(
        id + "/0/1/best.safetensors"); // the crash came after the store deleted one of trial 0's
    // files
    byte[] keptBefore = read(store, id + "/1/1/best.safetensors");
    InMemoryStudyLog log = new InMemoryStudyLog(new FakePublisher(), journal);
    StudyService s = new StudyService(vertx, log, clock);
    s.setArtifactStore(store);
    s.recover().get(WAIT, TimeUnit.SECONDS);
    Waits.until(
        "the deletions journaled again",
        Duration.ofSeconds(WAIT),
        () -> deletions(log).size() == 2);
    assertThat(deletions(log))
        .extracting(JournalEntry.ArtifactsDeleted::trial)
        .containsExactly(0, 2);
    assertThat(weightKeys(store, id)).containsExactlyElementsOf(best(id, 1, 3));
    assertThat(read(store, id + "/1/1/best.safetensors")).isEqualTo(keptBefore);
    assertThat(keys(store, id + "/0/1/log")).isNotEmpty();

    StudyService again =
        new StudyService(vertx, new InMemoryStudyLog(new FakePublisher(), log.entries()), clock);
    again.recover().get(WAIT, TimeUnit.SECONDS);
    assertThat(StudyJson.encode(StudyJson.study(again.snapshot(id).orElseThrow())))
        .as("the replayed study is the one that deleted")
        .isEqualTo(StudyJson.encode(StudyJson.study(s.snapshot(id).orElseThrow())));
  }

  @Test
  void aStoreThatFailsDeletesNothingAndJournalsNothingUntilItWorksAgain(Vertx vertx)
      throws Exception {
    InMemoryStudyLog log = new InMemoryStudyLog(new FakePublisher());
    CountingStore flaky = new CountingStore(store);
    flaky.failing = true;
    StudyService s = new StudyService(vertx, log, clock);
    s.setArtifactStore(flaky);
    s.recover().get(WAIT, TimeUnit.SECONDS);
    String id = s.submit(TestSpecs.parse(sweep(1))).get(WAIT, TimeUnit.SECONDS);
    Waits.until(
        "four trials",
        Duration.ofSeconds(WAIT),
        () -> s.snapshot(id).orElseThrow().trials().size() == 4);
    finish(s, store, id, 0);
    finish(s, store, id, 1);
    Waits.until("a delete tried", Duration.ofSeconds(WAIT), () -> flaky.deletes.get() > 0);
    s.artifactsSettled(id).get(WAIT, TimeUnit.SECONDS); // the failed pass is over
    assertThat(deletions(log)).isEmpty();
    assertThat(s.snapshot(id).orElseThrow().trials().get(0).weightsDeleted()).isFalse();
    flaky.failing = false;
    finish(s, store, id, 2); // the next trial's end runs the pass again
    Waits.until(
        "trials 0 and 2 deleted",
        Duration.ofSeconds(WAIT),
        () ->
            deletions(log).stream()
                .map(JournalEntry.ArtifactsDeleted::trial)
                .sorted()
                .toList()
                .equals(List.of(0, 2)));
    assertThat(weightKeys(store, id)).containsExactlyElementsOf(best(id, 1));
  }

  @Test
  void archivingWithArtifactsDeletesEveryFileOfTheStudyAndARestartFinishesAnUnrecordedOne(
      Vertx vertx) throws Exception {
    InMemoryStudyLog log = new InMemoryStudyLog(new FakePublisher());
    StudyService s = new StudyService(vertx, log, clock);
    s.setArtifactStore(store);
    s.recover().get(WAIT, TimeUnit.SECONDS);
    String id = s.submit(TestSpecs.parse(sweep(5))).get(WAIT, TimeUnit.SECONDS);
    String other = s.submit(TestSpecs.parse(sweep(5))).get(WAIT, TimeUnit.SECONDS);
    Waits.until(
        "four trials",
        Duration.ofSeconds(WAIT),
        () -> s.snapshot(id).orElseThrow().trials().size() == 4);
    TrialFiles.store(store, other, 0, 1, TrialFiles.weights(0, 1, 10));
    assertThatThrownBy(
            () ->
                s.control(id, "archive", "DELETE /api/studies/" + id, Map.of("artifacts", true))
                    .get(WAIT, TimeUnit.SECONDS))
        .hasMessageContaining("stop or cancel it before archiving it");
    for (int t = 0; t < 4; t++) {
      finish(s, store, id, t);
    }
    assertThat(
            s.control(id, "archive", "DELETE /api/studies/" + id, Map.of())
                .get(WAIT, TimeUnit.SECONDS)
                .changed())
        .isTrue();
    assertThat(keys(store, id)).as("a plain archive keeps the artifacts").isNotEmpty();
    List<JournalEntry> beforeDeletion = new ArrayList<>(log.entries());
    assertThat(
            s.control(id, "archive", "DELETE /api/studies/" + id, Map.of("artifacts", true))
                .get(WAIT, TimeUnit.SECONDS)
                .changed())
        .as("archived already, but its artifacts were not deleted")
        .isTrue();
    s.studyArtifactsDeleted(id).get(WAIT, TimeUnit.SECONDS);
    assertThat(keys(store, id)).isEmpty();
    assertThat(keys(store, other)).as("another study's files stay").isNotEmpty();
    JournalEntry.ArtifactsDeleted all = deletions(log).get(deletions(log).size() - 1);
    assertThat(all.trial()).isEqualTo(-1);
    assertThat(all.keys()).containsExactly(id + "/");
    assertThat(all.reason()).isEqualTo(TrialArtifact.STUDY_DELETED);
    assertThat(s.snapshot(id).orElseThrow().trials())
        .allSatisfy(
            t -> assertThat(t.artifacts()).allSatisfy(a -> assertThat(a.deleted()).isTrue()));
    assertThat(
            s.control(id, "archive", "DELETE /api/studies/" + id, Map.of("artifacts", true))
                .get(WAIT, TimeUnit.SECONDS)
                .changed())
        .as("a repeat changes nothing")
        .isFalse();

    // a restart after the archive's entry, before the deletion's: the next run deletes and records
    // it
    List<JournalEntry> crashed =
        new ArrayList<>(log.entries().subList(0, log.entries().indexOf(all)));
    assertThat(crashed.size()).isGreaterThan(beforeDeletion.size());
    for (int t = 0; t < 4; t++) {
      TrialFiles.store(store, id, t, 1, TrialFiles.weights(t, 1, 10));
    }
    InMemoryStudyLog restarted = new InMemoryStudyLog(new FakePublisher(), crashed);
    StudyService second = new StudyService(vertx, restarted, clock);
    second.setArtifactStore(store);
    second.recover().get(WAIT, TimeUnit.SECONDS);
    second.studyArtifactsDeleted(id).get(WAIT, TimeUnit.SECONDS);
    assertThat(keys(store, id)).isEmpty();
    assertThat(deletions(restarted)).extracting(JournalEntry.ArtifactsDeleted::trial).contains(-1);
  }

  @Test
  void withoutAStoreNothingIsDeletedAndTheStudyDeletionSaysWhy(Vertx vertx) throws Exception {
    StudyService s = new StudyService(vertx, new InMemoryStudyLog(new FakePublisher()), clock);
    s.recover().get(WAIT, TimeUnit.SECONDS);
    String id = s.submit(TestSpecs.parse(sweep(1))).get(WAIT, TimeUnit.SECONDS);
    assertThat(s.artifactStore()).isEmpty();
    assertThatThrownBy(() -> s.studyArtifactsDeleted(id).get(WAIT, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("no artifact store");
  }

  private static byte[] read(ArtifactStore s, String key) {
    try (ArtifactContent c = s.open(key, ByteRange.all())) {
      return c.readAllBytes();
    }
  }

  /** The real store, counting deletes, and refusing them while {@code failing}. */
  private static final class CountingStore implements ArtifactStore {
    final ArtifactStore real;
    final AtomicInteger deletes = new AtomicInteger();
    volatile boolean failing;

    CountingStore(ArtifactStore real) {
      this.real = real;
    }

    @Override
    public URI uri() {
      return real.uri();
    }

    @Override
    public ArtifactInfo put(String key, Path file) {
      return real.put(key, file);
    }

    @Override
    public ArtifactInfo put(String key, byte[] bytes) {
      return real.put(key, bytes);
    }

    @Override
    public Optional<ArtifactInfo> head(String key) {
      return real.head(key);
    }

    @Override
    public List<ArtifactInfo> list(String prefix) {
      return real.list(prefix);
    }

    @Override
    public ArtifactContent open(String key, ByteRange range) {
      return real.open(key, range);
    }

    @Override
    public void delete(String key) {
      deletes.incrementAndGet();
      if (failing) {
        throw new ArtifactStoreException(
            ArtifactStoreException.Reason.UNREACHABLE,
            real.uri()
                + ": artifact '"
                + key
                + "': delete failed: the store cannot be reached (test)",
            null);
      }
      real.delete(key);
    }

    @Override
    public int deletePrefix(String prefix) {
      deletes.incrementAndGet();
      return real.deletePrefix(prefix);
    }

    @Override
    public void check() {
      real.check();
    }

    @Override
    public void close() {}
  }
}
