package org.gistsweep.orchestrator.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gistsweep.orchestrator.testing.Events.epoch;
import static org.gistsweep.orchestrator.testing.Events.failed;
import static org.gistsweep.orchestrator.testing.Events.finishedWith;
import static org.gistsweep.orchestrator.testing.Events.pruned;
import static org.gistsweep.orchestrator.testing.Events.started;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.orchestrator.testing.Events;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.junit.jupiter.api.Test;

/**
 * Which trials keep their weights: the K best complete ones (one objective), the Pareto front
 * (several); pruned, failed and live trials are never kept, live ones never touched; a trial that
 * leaves the kept set never comes back, whatever finishes later (so no deletion is ever regretted).
 */
class RetentionPlanTest {
  private static final String ID = "ret-1";
  private static final String SHA = "ab".repeat(32);
  private final MutableClock clock = MutableClock.fixed();

  private Study study(String objectives, int trials, int keep) {
    return new Study(
        ID,
        TestSpecs.parse(
            """
            name: ret
            %s
            budget: {trials: %d, parallel: %d, epochs: 2, max_attempts: 3}
            retain: {best: %d}
            space:
              lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
            """
                .formatted(objectives, trials, trials, keep)),
        Long.MAX_VALUE,
        clock);
  }

  private static Study maximizing(int trials, int keep, RetentionPlanTest t) {
    return t.study("objective: {metric: val_top1, direction: maximize}", trials, keep);
  }

  private static void create(Study s, int count) {
    for (int i = 0; i < count; i++) {
      s.createTrial(s.nextTrialNumber(), Map.of("lr", 0.01), Map.of("epochs", 2));
    }
  }

  /**
   * Trial n (attempt a) runs two epochs, the second at {@code value}, and reports its best.* files.
   */
  private static void complete(Study s, int n, int a, double value) {
    s.apply(started(ID, n, a, "w1"));
    s.apply(epoch(ID, n, a, 1, value / 2));
    s.apply(epoch(ID, n, a, 2, value));
    assertThat(
            s.apply(
                    finishedWith(
                        ID, n, a, value, 2, Events.bestRefs(ID, n, a, 10, SHA, 2, SHA), null))
                .kind())
        .isEqualTo(Outcome.Kind.FINISHED);
  }

  private static List<Integer> dueTrials(Study s) {
    return RetentionPlan.due(s.snapshot()).stream().map(RetentionPlan.Deletion::trial).toList();
  }

  @Test
  void theBestKCompleteTrialsAreKeptTiesToTheLowerNumberAndTheRestAreDue() {
    Study s = maximizing(7, 2, this);
    create(s, 7);
    complete(s, 0, 1, 0.5);
    complete(s, 1, 1, 0.9);
    complete(s, 2, 1, 0.7);
    s.apply(started(ID, 3, 1, "w1"));
    s.apply(epoch(ID, 3, 1, 1, 0.99));
    s.apply(pruned(ID, 3, 1, 0.99, 1));
    s.apply(started(ID, 4, 1, "w1"));
    s.apply(failed(ID, 4, 1, false));
    complete(s, 5, 1, 0.7); // ties trial 2, which came first
    s.apply(started(ID, 6, 1, "w1")); // still running

    assertThat(RetentionPlan.kept(s.snapshot())).containsExactly(1, 2);
    assertThat(dueTrials(s))
        .as("pruned 3 (whatever its value), failed 4, the others; running 6 untouched")
        .containsExactly(0, 3, 4, 5);
    RetentionPlan.Deletion zero = RetentionPlan.due(s.snapshot()).get(0);
    assertThat(zero.keys())
        .containsExactly(
            "ret-1/0/1/best.json",
            "ret-1/0/1/best.safetensors",
            "ret-1/0/1/last.json",
            "ret-1/0/1/last.safetensors");
  }

  @Test
  void everyAttemptsStandardNamesAreDueSoAnAttemptThatDiedAfterUploadingLeavesNothing() {
    Study s = maximizing(2, 1, this);
    create(s, 2);
    complete(s, 0, 1, 0.9);
    s.apply(started(ID, 1, 1, "w1"));
    s.apply(failed(ID, 1, 1, true)); // lost after uploading, maybe: attempt 2 follows
    complete(s, 1, 2, 0.4);
    RetentionPlan.Deletion one = RetentionPlan.due(s.snapshot()).get(0);
    assertThat(one.trial()).isEqualTo(1);
    assertThat(one.keys())
        .contains(
            "ret-1/1/1/best.safetensors",
            "ret-1/1/1/last.json",
            "ret-1/1/2/best.safetensors",
            "ret-1/1/2/best.json")
        .hasSize(8)
        .doesNotContain("ret-1/1/1/log", "ret-1/1/2/log");
  }

  @Test
  void minimizingKeepsTheLowestAndZeroKeepsNone() {
    Study low = study("objective: {metric: val_top1, direction: minimize}", 3, 1);
    create(low, 3);
    complete(low, 0, 1, 0.5);
    complete(low, 1, 1, 0.2);
    complete(low, 2, 1, 0.8);
    assertThat(RetentionPlan.kept(low.snapshot())).containsExactly(1);

    Study none = maximizing(2, 0, this);
    create(none, 2);
    complete(none, 0, 1, 0.5);
    complete(none, 1, 1, 0.6);
    assertThat(RetentionPlan.kept(none.snapshot())).isEmpty();
    assertThat(dueTrials(none)).containsExactly(0, 1);
  }

  @Test
  void severalObjectivesKeepTheWholeParetoFront() {
    Study s =
        study(
            "objectives: [{metric: val_top1, direction: maximize}, {metric: trainable_params,"
                + " direction: minimize}]",
            4,
            1);
    create(s, 4);
    double[] top1 = {0.9, 0.8, 0.7, 0.95};
    long[] params = {500, 100, 300, 5000};
    for (int n = 0; n < 4; n++) {
      s.apply(new TrialStarted(1, ID, n, 1, 1L, "w1", params[n], 10_000, 0, "cpu()", null));
      s.apply(epoch(ID, n, 1, 1, top1[n]));
      s.apply(
          new TrialFinished(
              1,
              ID,
              n,
              1,
              4L,
              "w1",
              TrialFinished.COMPLETE,
              top1[n],
              1,
              top1[n],
              1,
              params[n],
              10_000,
              null,
              Events.bestRefs(ID, n, 1, 10, SHA, 2, SHA),
              null));
    }
    assertThat(RetentionPlan.kept(s.snapshot()))
        .as("2 (0.7, 300) is dominated by 1 (0.8, 100); K=1 does not cut the front")
        .containsExactly(0, 1, 3);
    assertThat(dueTrials(s)).containsExactly(2);
  }

  @Test
  void deletedWeightsAreNotDueAgain() {
    Study s = maximizing(2, 1, this);
    create(s, 2);
    complete(s, 0, 1, 0.5);
    complete(s, 1, 1, 0.6);
    RetentionPlan.Deletion d = RetentionPlan.due(s.snapshot()).get(0);
    s.artifactsDeleted(d.trial(), d.keys(), TrialArtifact.RETENTION);
    assertThat(dueTrials(s)).isEmpty();
    TrialSnapshot zero = s.trial(0).orElseThrow();
    assertThat(zero.artifact("best.safetensors").orElseThrow().deleted()).isTrue();
    assertThat(zero.artifact("best.safetensors").orElseThrow().deletedReason())
        .isEqualTo(TrialArtifact.RETENTION);
    assertThat(zero.artifact("attempt-1.log").orElseThrow().deleted())
        .as("logs are kept")
        .isFalse();
    assertThat(s.trial(1).orElseThrow().artifact("best.safetensors").orElseThrow().deleted())
        .isFalse();
  }

  @Test
  void aTrialOutOfTheKeptSetNeverComesBackWhateverFinishesLater() {
    Random random = new Random(42);
    for (String objectives :
        List.of(
            "objective: {metric: val_top1, direction: maximize}",
            "objectives: [{metric: val_top1, direction: maximize}, {metric: trainable_params,"
                + " direction: minimize}]")) {
      for (int keep : new int[] {1, 3}) {
        Study s = study(objectives, 120, keep);
        create(s, 120);
        Set<Integer> dropped = new HashSet<>();
        for (int n = 0; n < 120; n++) {
          double value = Math.round(random.nextDouble() * 20) / 20.0; // ties happen
          long params = 100 + random.nextInt(10) * 100L;
          s.apply(new TrialStarted(1, ID, n, 1, 1L, "w1", params, 10_000, 0, "cpu()", null));
          s.apply(epoch(ID, n, 1, 1, value));
          if (random.nextInt(5) == 0) {
            s.apply(pruned(ID, n, 1, value, 1));
          } else {
            s.apply(
                new TrialFinished(
                    1,
                    ID,
                    n,
                    1,
                    4L,
                    "w1",
                    TrialFinished.COMPLETE,
                    value,
                    1,
                    value,
                    1,
                    params,
                    10_000,
                    null,
                    List.of(),
                    null));
          }
          Set<Integer> kept = RetentionPlan.kept(s.snapshot());
          assertThat(kept.stream().filter(dropped::contains).toList())
              .as("%s K=%d after trial %d: back in the kept set", objectives, keep, n)
              .isEmpty();
          for (int m = 0; m <= n; m++) {
            if (!kept.contains(m)) {
              dropped.add(m);
            }
          }
        }
        assertThat(dropped).isNotEmpty();
      }
    }
  }

  @Test
  void theStudyJsonSideListsWeightsWithTheirEpochAndALogPerStartedAttempt() {
    Study s = maximizing(1, 1, this);
    create(s, 1);
    s.apply(started(ID, 0, 1, "w1"));
    s.apply(failed(ID, 0, 1, true));
    complete(s, 0, 2, 0.8);
    List<TrialArtifact> files = s.trial(0).orElseThrow().artifacts();
    List<String> names = new ArrayList<>();
    files.forEach(
        f -> names.add(f.name() + "/" + f.kind().wireName() + "/" + f.attempt() + "/" + f.epoch()));
    assertThat(names)
        .containsExactly(
            "best.safetensors/weights/2/2",
            "best.json/sidecar/2/2",
            "attempt-1.log/log/1/null",
            "attempt-2.log/log/2/null");
    assertThat(files.get(2).key()).isEqualTo(ArtifactRef.keyOf(ID, 0, 1, "log"));
  }
}
