package org.gistsweep.orchestrator.pruner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gistsweep.orchestrator.pruner.PrunerTrials.running;
import static org.gistsweep.orchestrator.pruner.PrunerTrials.vectors;

import java.util.List;
import org.gistsweep.common.spec.PrunerSpec;
import org.gistsweep.common.trial.Direction;
import org.gistsweep.common.trial.TrialState;
import org.junit.jupiter.api.Test;

class AsyncHyperbandPrunerTest {
  private static final List<Direction> MAX = List.of(Direction.MAXIMIZE);

  /** r = 1, eta = 3, s = 0: rungs at steps 1, 3, 9. */
  private static Pruner asha(List<Direction> d) {
    return Pruners.create(new PrunerSpec("asha", 5, 0, 1, 50, 1, 3, 0, 0), "s", d, 9);
  }

  @Test
  void rungsAreGeometric() {
    AsyncHyperbandPruner p = new AsyncHyperbandPruner("asha", 2, 3, 1, MAX, n -> true);
    assertThat(List.of(p.rungStep(0), p.rungStep(1), p.rungStep(2))).containsExactly(6L, 18L, 54L);
  }

  @Test
  void withFewerThanEtaValuesOnlyTheBestSoFarContinues() {
    List<PrunerTrial> h = List.of(running(0, 0.5));
    assertThat(asha(MAX).decide(running(1, 0.6), h).prune()).isFalse();
    assertThat(asha(MAX).decide(running(1, 0.4), h).prune()).isTrue();
    assertThat(asha(MAX).decide(running(0, 0.5), List.of()).prune())
        .as("the first trial")
        .isFalse();
  }

  @Test
  void keepsTheTopThirdAtARung() {
    // rung 0 (step 1) values of 5 others: 0.1 .. 0.5; with the trial n = 6, keep top 6/3 = 2
    List<PrunerTrial> h =
        List.of(
            running(0, 0.1), running(1, 0.2), running(2, 0.3), running(3, 0.4), running(4, 0.5));
    assertThat(asha(MAX).decide(running(9, 0.45), h).prune()).as("second best of 6").isFalse();
    Decision d = asha(MAX).decide(running(9, 0.35), h);
    assertThat(d.prune()).as("third best of 6").isTrue();
    assertThat(d.reason()).contains("top 1/3", "rung 0");
  }

  @Test
  void judgesOnlyAtRungStepsNotBetween() {
    List<PrunerTrial> h = List.of(running(0, 0.9, 0.9, 0.9), running(1, 0.8, 0.8, 0.8));
    // passed rung 0 at step 1 as the best; step 2 is no rung, so a bad value there is not judged
    assertThat(asha(MAX).decide(running(9, 0.95, 0.1), h).prune()).isFalse();
    // step 3 is rung 1: 0.1 against 0.9 and 0.8 (fewer than eta -> must be best) prunes
    assertThat(asha(MAX).decide(running(9, 0.95, 0.1, 0.1), h).prune()).isTrue();
  }

  @Test
  void othersRecordTheirFirstValueAtOrAfterTheRung() {
    PrunerTrial skipped = PrunerTrials.trial(0, TrialState.PRUNED, 0.2, 0.2, 0.7);
    // rung 1 is step 3: trial 0 recorded 0.7 there; 0.6 is not the best of 2
    assertThat(asha(MAX).decide(running(9, 0.9, 0.9, 0.6), List.of(skipped)).prune()).isTrue();
  }

  @Test
  void nanAtARungPrunes() {
    assertThat(asha(MAX).decide(running(0, Double.NaN), List.of()).prune()).isTrue();
  }

  @Test
  void multiObjectiveKeepsTheBestFronts() {
    List<Direction> d = List.of(Direction.MAXIMIZE, Direction.MINIMIZE);
    List<PrunerTrial> h =
        List.of(
            vectors(0, TrialState.RUNNING, List.of(0.9, 5.0)),
            vectors(1, TrialState.RUNNING, List.of(0.5, 1.0)),
            vectors(2, TrialState.RUNNING, List.of(0.8, 6.0)),
            vectors(3, TrialState.RUNNING, List.of(0.4, 2.0)),
            vectors(4, TrialState.COMPLETE, List.of(0.3, 7.0)));
    // 6 competitors, cut = 2nd best: fronts sorted 0,0,...; a front-0 vector continues
    assertThat(asha(d).decide(vectors(9, TrialState.RUNNING, List.of(0.95, 9.0)), h).prune())
        .isFalse();
    // (0.7, 6.5) is dominated by (0.9, 5) and (0.8, 6): front 1 > cut front 0 -> pruned
    assertThat(asha(d).decide(vectors(9, TrialState.RUNNING, List.of(0.7, 6.5)), h).prune())
        .isTrue();
  }
}
