package org.gistsweep.orchestrator.pruner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gistsweep.orchestrator.pruner.PrunerTrials.complete;
import static org.gistsweep.orchestrator.pruner.PrunerTrials.running;
import static org.gistsweep.orchestrator.pruner.PrunerTrials.vectors;

import java.util.ArrayList;
import java.util.List;
import org.gistsweep.common.spec.PrunerSpec;
import org.gistsweep.common.trial.Direction;
import org.gistsweep.common.trial.TrialState;
import org.junit.jupiter.api.Test;

class PercentilePrunerTest {
  private static final List<Direction> MAX = List.of(Direction.MAXIMIZE);
  private static final List<Direction> MIN = List.of(Direction.MINIMIZE);

  /** Five COMPLETE trials; at step 2 their values are 0.2, 0.4, 0.6, 0.8, 1.0 (median 0.6). */
  private static List<PrunerTrial> fiveComplete() {
    List<PrunerTrial> h = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      h.add(complete(i, 0.1 * (i + 1), 0.2 * (i + 1)));
    }
    return h;
  }

  private static Pruner median(List<Direction> d) {
    return Pruners.create(PrunerSpec.defaults("median"), "s", d, 3);
  }

  @Test
  void comparesTheBestValueSoFarWithTheMedianAtTheSameStep() {
    List<PrunerTrial> h = fiveComplete();
    assertThat(median(MAX).decide(running(9, 0.1, 0.55), h).prune()).isTrue();
    assertThat(median(MAX).decide(running(9, 0.7, 0.55), h).prune())
        .as("best so far 0.7 >= 0.6")
        .isFalse();
    assertThat(median(MAX).decide(running(9, 0.3, 0.2 * 3), h).prune())
        .as("ties continue")
        .isFalse();
  }

  @Test
  void minimizeUsesTheLowerPercentile() {
    Pruner p = Pruners.create(new PrunerSpec("percentile", 5, 0, 1, 25.0, 1, 3, 0, 0), "s", MIN, 3);
    // step-2 values 0.2 .. 1.0: 25th percentile = 0.2 + 0.25 * 4 * 0.2 = 0.4
    assertThat(p.decide(running(9, 0.9, 0.45), fiveComplete()).prune()).isTrue();
    assertThat(p.decide(running(9, 0.9, 0.4), fiveComplete()).prune()).isFalse();
  }

  @Test
  void waitsForStartupTrialsWarmupAndMinTrials() {
    List<PrunerTrial> four = fiveComplete().subList(0, 4);
    assertThat(median(MAX).decide(running(9, 0.0, 0.0), four).prune())
        .as("only 4 complete")
        .isFalse();
    Pruner warm = Pruners.create(new PrunerSpec("median", 5, 3, 1, 50, 1, 3, 0, 0), "s", MAX, 3);
    assertThat(warm.decide(running(9, 0.0, 0.0), fiveComplete()).prune())
        .as("step 2 < warm-up 3")
        .isFalse();
    assertThat(median(MAX).decide(running(9, 0.0, 0.0, 0.0), fiveComplete()).prune())
        .as("nobody completed step 3")
        .isFalse();
  }

  @Test
  void runningAndPrunedTrialsDoNotCountAndNaNPrunes() {
    List<PrunerTrial> h = new ArrayList<>(fiveComplete().subList(0, 4));
    h.add(PrunerTrials.trial(4, TrialState.PRUNED, 0.1, 0.1));
    assertThat(median(MAX).decide(running(9, 0.0, 0.0), h).prune()).isFalse();
    Decision nan = median(MAX).decide(running(9, Double.NaN, Double.NaN), fiveComplete());
    assertThat(nan.prune()).isTrue();
    assertThat(nan.reason()).contains("NaN");
  }

  @Test
  void nanPercentileInterpolatesLinearlyLikeNumpy() {
    assertThat(PercentilePruner.nanPercentile(new double[] {1, 2, 3, 4}, 50)).isEqualTo(2.5);
    assertThat(PercentilePruner.nanPercentile(new double[] {4, Double.NaN, 1, 3, 2}, 25))
        .isEqualTo(1.75);
    assertThat(PercentilePruner.nanPercentile(new double[] {Double.NaN}, 50)).isNaN();
  }

  @Test
  void multiObjectiveRanksByParetoFrontAtTheStep() {
    List<Direction> d = List.of(Direction.MAXIMIZE, Direction.MINIMIZE);
    // step-1 vectors (accuracy, params): fronts 0: (0.9,5) (0.5,1); 1: (0.8,6) (0.4,2); 2: (0.3,7)
    List<PrunerTrial> h =
        List.of(
            vectors(0, TrialState.COMPLETE, List.of(0.9, 5.0)),
            vectors(1, TrialState.COMPLETE, List.of(0.5, 1.0)),
            vectors(2, TrialState.COMPLETE, List.of(0.8, 6.0)),
            vectors(3, TrialState.COMPLETE, List.of(0.4, 2.0)),
            vectors(4, TrialState.COMPLETE, List.of(0.3, 7.0)));
    // median front of the complete trials = 1
    assertThat(median(d).decide(vectors(9, TrialState.RUNNING, List.of(0.2, 8.0)), h).prune())
        .as("front 3")
        .isTrue();
    assertThat(median(d).decide(vectors(9, TrialState.RUNNING, List.of(0.85, 5.5)), h).prune())
        .as("front 1")
        .isFalse();
    assertThat(median(d).decide(vectors(9, TrialState.RUNNING, List.of(1.0, 9.0)), h).prune())
        .as("front 0")
        .isFalse();
  }
}
