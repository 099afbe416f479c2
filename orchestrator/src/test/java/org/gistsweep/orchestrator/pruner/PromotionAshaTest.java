package org.gistsweep.orchestrator.pruner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.gistsweep.common.spec.PrunerSpec;
import org.gistsweep.common.trial.Direction;
import org.gistsweep.common.trial.TrialState;
import org.junit.jupiter.api.Test;

class PromotionAshaTest {
  /** r = 1, eta = 3: rungs at epochs 1, 3, 9, ... */
  private final PromotionAsha asha = new PromotionAsha(1, 3, 0, List.of(Direction.MAXIMIZE));

  /** A trial with one objective value per epoch 1..values.length. */
  private static PrunerTrial trial(int number, TrialState state, double... values) {
    TreeMap<Integer, List<Double>> byEpoch = new TreeMap<>();
    for (int e = 0; e < values.length; e++) {
      byEpoch.put(e + 1, List.of(values[e]));
    }
    return new PrunerTrial(number, state, byEpoch);
  }

  private static PrunerTrial paused(int number, double... values) {
    return trial(number, TrialState.SUSPENDED, values);
  }

  @Test
  void trialsPauseAtTheNextRungBelowTheirEpochsAndRunTheLastRungToTheEnd() {
    assertThat(asha.pauseAfter(0, 9)).isEqualTo(1);
    assertThat(asha.pauseAfter(1, 9)).isEqualTo(3);
    assertThat(asha.pauseAfter(3, 9)).as("9 is the trial's end, not a rung").isZero();
    assertThat(asha.pauseAfter(0, 1)).as("a one-epoch trial has no rung").isZero();
    assertThat(asha.pauseAfter(2, 27)).isEqualTo(3);
    assertThat(
            PromotionAsha.of(
                    new PrunerSpec("asha", 5, 0, 1, 50, 2, 2, 1, 0, PrunerSpec.PROMOTION),
                    List.of(Direction.MAXIMIZE))
                .pauseAfter(0, 20))
        .as("r * eta^s = 2 * 2^1")
        .isEqualTo(4);
  }

  @Test
  void aRungWithFewerThanEtaTrialsPromotesNone() {
    List<PrunerTrial> trials = List.of(paused(0, 0.9), paused(1, 0.1));
    assertThat(asha.promote(trials, Set.of(0, 1), false)).isEmpty();
    assertThat(asha.promote(trials, Set.of(0, 1), true))
        .as("at the study's end its best goes on")
        .isEqualTo(OptionalInt.of(0));
    assertThat(
            asha.promote(
                List.of(trial(0, TrialState.COMPLETE, 0.9), paused(1, 0.1)), Set.of(1), true))
        .as("but only the best")
        .isEmpty();
  }

  @Test
  void theBestPausedTrialInTheTopThirdIsPromotedAndOthersWait() {
    List<PrunerTrial> trials = List.of(paused(0, 0.2), paused(1, 0.8), paused(2, 0.5));
    assertThat(asha.promote(trials, Set.of(0, 1, 2), false)).isEqualTo(OptionalInt.of(1));
    List<PrunerTrial> promoted =
        List.of(paused(0, 0.2), trial(1, TrialState.RUNNING, 0.8), paused(2, 0.5));
    assertThat(asha.promote(promoted, Set.of(0, 2), false))
        .as("top 1 of 3 is already promoted")
        .isEmpty();
  }

  @Test
  void finishedTrialsCountAtTheRungButAreNeverPromoted() {
    List<PrunerTrial> trials =
        List.of(
            trial(0, TrialState.COMPLETE, 0.9, 0.9, 0.9),
            paused(1, 0.3),
            paused(2, 0.4),
            paused(3, 0.2),
            paused(4, 0.1),
            paused(5, 0.05));
    assertThat(asha.promote(trials, Set.of(1, 2, 3, 4, 5), false))
        .as("top 2 of 6 at rung 1: trial 0 (done) and trial 2")
        .isEqualTo(OptionalInt.of(2));
  }

  @Test
  void higherRungsArePromotedFirst() {
    List<PrunerTrial> trials = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      trials.add(paused(n, 0.5 + n / 10.0, 0.5, 0.5 + n / 10.0)); // paused at rung 3
    }
    for (int n = 3; n < 6; n++) {
      trials.add(paused(n, 0.95)); // paused at rung 1, better there than any
    }
    Set<Integer> all = Set.of(0, 1, 2, 3, 4, 5);
    assertThat(asha.promote(trials, all, false))
        .as("rung 3 first: trial 2 leads its 3")
        .isEqualTo(OptionalInt.of(2));
  }

  @Test
  void nanValuesNeitherCompeteNorArePromoted() {
    List<PrunerTrial> trials =
        List.of(paused(0, Double.NaN), paused(1, 0.5), paused(2, 0.4), paused(3, 0.3));
    assertThat(asha.promote(trials, Set.of(0, 1, 2, 3), false)).isEqualTo(OptionalInt.of(1));
  }

  @Test
  void severalObjectivesAreOrderedByNonDominatedRankThenNumber() {
    PromotionAsha two = new PromotionAsha(1, 2, 0, List.of(Direction.MAXIMIZE, Direction.MINIMIZE));
    List<PrunerTrial> trials = new ArrayList<>();
    double[][] v = {{0.5, 10}, {0.9, 30}, {0.4, 40}, {0.3, 50}};
    for (int n = 0; n < v.length; n++) {
      trials.add(
          new PrunerTrial(
              n, TrialState.SUSPENDED, new TreeMap<>(Map.of(1, List.of(v[n][0], v[n][1])))));
    }
    assertThat(two.promote(trials, Set.of(1, 2, 3), false))
        .as("front {0, 1}; top 2 of 4 are trials 0 and 1, 0 is not paused")
        .isEqualTo(OptionalInt.of(1));
    assertThat(two.promote(trials, Set.of(2, 3), false)).isEmpty();
  }
}
