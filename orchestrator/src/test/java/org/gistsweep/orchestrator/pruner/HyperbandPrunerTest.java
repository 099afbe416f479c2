package org.gistsweep.orchestrator.pruner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gistsweep.orchestrator.pruner.PrunerTrials.running;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gistsweep.common.trial.Direction;
import org.junit.jupiter.api.Test;

class HyperbandPrunerTest {
  private static final List<Direction> MAX = List.of(Direction.MAXIMIZE);

  @Test
  void bracketCountFollowsTheResourceRange() {
    assertThat(new HyperbandPruner("s", 1, 9, 3, MAX).brackets()).isEqualTo(3);
    assertThat(new HyperbandPruner("s", 1, 8, 3, MAX).brackets()).isEqualTo(2);
    assertThat(new HyperbandPruner("s", 1, 1, 3, MAX).brackets()).isEqualTo(1);
  }

  @Test
  void bracketsAreDeterministicPerStudyAndTrialAndAllUsed() {
    HyperbandPruner a = new HyperbandPruner("study-a", 1, 9, 3, MAX);
    HyperbandPruner again = new HyperbandPruner("study-a", 1, 9, 3, MAX);
    Set<Integer> used = new HashSet<>();
    int[] counts = new int[3];
    for (int n = 0; n < 300; n++) {
      assertThat(a.bracketOf(n)).isEqualTo(again.bracketOf(n));
      used.add(a.bracketOf(n));
      counts[a.bracketOf(n)]++;
    }
    assertThat(used).containsExactlyInAnyOrder(0, 1, 2);
    // allocation ceil(3*9/3)=9, ceil(3*3/2)=5, ceil(3*1/1)=3: the most aggressive bracket gets most
    assertThat(counts[0]).isGreaterThan(counts[2]);
  }

  @Test
  void trialsCompeteOnlyWithinTheirBracket() {
    HyperbandPruner p = new HyperbandPruner("study-a", 1, 9, 3, MAX);
    int judged = -1;
    List<Integer> sameBracket0 = new ArrayList<>();
    List<Integer> otherBracket = new ArrayList<>();
    for (int n = 0; n < 100; n++) {
      if (p.bracketOf(n) == 0) {
        if (judged < 0) {
          judged = n;
        } else {
          sameBracket0.add(n);
        }
      } else {
        otherBracket.add(n);
      }
    }
    // strong trials in other brackets do not count: bracket 0 judges at step 1 against its own
    List<PrunerTrial> others = otherBracket.stream().map(n -> running(n, 0.99)).toList();
    assertThat(p.decide(running(judged, 0.5), others).prune()).isFalse();
    List<PrunerTrial> peers = List.of(running(sameBracket0.get(0), 0.9));
    assertThat(p.decide(running(judged, 0.5), peers).prune()).isTrue();
  }
}
