package org.gistsweep.orchestrator.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gistsweep.orchestrator.testing.Events.epoch;
import static org.gistsweep.orchestrator.testing.Events.epochWithCheckpoint;
import static org.gistsweep.orchestrator.testing.Events.finished;
import static org.gistsweep.orchestrator.testing.Events.startedResuming;
import static org.gistsweep.orchestrator.testing.Events.suspended;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialSuspended;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.junit.jupiter.api.Test;

/** Promotion ASHA in the fold, with fake workers that honour resume_from and pause_after_epoch. */
class PromotionStudyTest {
  private static final String ID = "promo-1";
  private final MutableClock clock = MutableClock.fixed();

  private static SweepSpec spec(int trials, int parallel, String mode) {
    return TestSpecs.parse(
        """
        name: promo
        budget: {trials: %d, parallel: %d, epochs: 9, max_attempts: 2}
        sampler: {type: random, seed: 7}
        pruner: {type: asha, reduction_factor: 3, mode: %s}
        space:
          lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
        """
            .formatted(trials, parallel, mode));
  }

  /**
   * The objective of trial {@code n} at epoch {@code e}: trials differ, each improves with epochs.
   */
  private static double value(int n, int e) {
    return ((n * 37) % 11) / 20.0 + e / 100.0;
  }

  /**
   * Plays one attempt as a worker would: from its first epoch to its rung (then pauses) or to the
   * end.
   */
  private List<Outcome> play(Study s, TrialAssignment a, Set<String> trained) {
    List<Outcome> out = new ArrayList<>();
    int from = a.resumeFrom() == null ? 0 : a.resumeFrom().epoch();
    out.add(s.apply(startedResuming(ID, a.trial(), a.attempt(), "w" + a.trial(), from, null)));
    int total = ((Number) a.config().get("epochs")).intValue();
    int last = a.pauseAfterEpoch() == 0 ? total : a.pauseAfterEpoch();
    for (int e = a.firstEpoch(); e <= last; e++) {
      assertThat(trained.add(a.trial() + "@" + e))
          .as("trial %d trains epoch %d only once", a.trial(), e)
          .isTrue();
      out.add(
          s.apply(
              e == total
                  ? epoch(ID, a.trial(), a.attempt(), e, value(a.trial(), e))
                  : epochWithCheckpoint(ID, a.trial(), a.attempt(), e, value(a.trial(), e))));
    }
    out.add(
        s.apply(
            a.pauseAfterEpoch() == 0
                ? finished(ID, a.trial(), a.attempt(), value(a.trial(), total), total)
                : suspended(ID, a.trial(), a.attempt(), last, TrialSuspended.AT_RUNG)));
    return out;
  }

  @Test
  void pausedTrialsArePromotedFromTheirCheckpointAndNoEpochIsTrainedTwice() {
    Study s = new Study(ID, spec(9, 3, "promotion"), Long.MAX_VALUE, clock);
    assertThat(s.prunes())
        .as("promotion decides at rungs: no per-epoch decisions to wait for")
        .isFalse();
    Deque<TrialAssignment> queue = new ArrayDeque<>();
    Set<String> trained = new HashSet<>();
    List<TrialAssignment> promotions = new ArrayList<>();
    for (int round = 0; round < 200; round++) {
      while (s.trialsToCreate() > 0) {
        int n = s.nextTrialNumber();
        TrialAssignment a = s.createTrial(n, Map.of("lr", 0.001 * (n + 1)), Map.of("epochs", 9));
        assertThat(a.pauseAfterEpoch()).as("a new trial pauses at the first rung").isEqualTo(1);
        queue.add(a);
      }
      if (queue.isEmpty()) {
        break;
      }
      for (Outcome o : play(s, queue.poll(), trained)) {
        assertThat(o.kind()).isNotIn(Outcome.Kind.REJECTED, Outcome.Kind.IGNORED);
      }
      List<TrialAssignment> issued = s.takeIssued();
      promotions.addAll(issued);
      queue.addAll(issued);
    }
    assertThat(s.isComplete()).isTrue();
    assertThat(promotions).allSatisfy(a -> assertThat(a.resumeFrom()).isNotNull());
    assertThat(promotions).extracting(TrialAssignment::pauseAfterEpoch).contains(3, 0);
    List<TrialSnapshot> trials = s.trials();
    assertThat(trials)
        .extracting(TrialSnapshot::state)
        .containsOnly(TrialState.COMPLETE, TrialState.PRUNED);
    assertThat(trials)
        .filteredOn(t -> t.state() == TrialState.COMPLETE)
        .allSatisfy(
            t ->
                assertThat(t.epochs())
                    .extracting(EpochRecord::epoch)
                    .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9))
        .isNotEmpty();
    assertThat(trials)
        .filteredOn(t -> t.state() == TrialState.PRUNED)
        .allSatisfy(t -> assertThat(t.currentEpoch()).isIn(1, 3));
    assertThat(trained.size()).as("far fewer epochs than 9 trials x 9").isLessThan(9 * 9 / 2);
  }

  @Test
  void theModeIsValidatedAndStoppingStaysTheDefault() {
    assertThat(spec(3, 1, "stopping").pruner().promotes()).isFalse();
    assertThat(
            TestSpecs.parse(
                    """
                    name: promo
                    budget: {trials: 3, parallel: 1, epochs: 9}
                    pruner: {type: asha}
                    space: {lr: {type: float, low: 0.001, high: 0.1}}
                    """)
                .pruner()
                .mode())
        .isEqualTo("stopping");
    assertThatThrownBy(() -> spec(3, 1, "promote"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("pruner.mode")
        .hasMessageContaining("must be stopping")
        .hasMessageContaining("or promotion");
  }
}
