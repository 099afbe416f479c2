package org.gistsweep.orchestrator.pruner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gistsweep.common.trial.Direction;
import org.junit.jupiter.api.Test;

class ParetoTest {
  private static final List<Direction> MAX_MIN = List.of(Direction.MAXIMIZE, Direction.MINIMIZE);

  @Test
  void ranksByFrontsAndFindsTheFront() {
    List<List<Double>> v =
        List.of(
            List.of(0.9, 5.0),
            List.of(0.5, 1.0),
            List.of(0.8, 6.0),
            List.of(0.9, 5.0),
            List.of(0.1, 9.0));
    assertThat(Pareto.ranks(v, MAX_MIN)).containsExactly(0, 0, 1, 0, 2);
    assertThat(Pareto.front(v, MAX_MIN)).containsExactly(0, 1, 3);
    assertThat(Pareto.dominates(List.of(0.9, 5.0), List.of(0.8, 6.0), MAX_MIN)).isTrue();
    assertThat(Pareto.dominates(List.of(0.9, 5.0), List.of(0.9, 5.0), MAX_MIN)).isFalse();
  }

  @Test
  void oneObjectiveRanksByValueWithTies() {
    List<List<Double>> v = List.of(List.of(3.0), List.of(1.0), List.of(3.0), List.of(2.0));
    assertThat(Pareto.ranks(v, List.of(Direction.MINIMIZE))).containsExactly(2, 0, 2, 1);
  }

  @Test
  void oneObjectiveRanksMatchPairwiseDominanceAndScale() {
    Random random = new Random(3);
    for (Direction d : Direction.values()) {
      for (int round = 0; round < 50; round++) {
        List<List<Double>> v = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(40); i++) {
          v.add(List.of(random.nextInt(8) - 4.0 + (random.nextInt(5) == 0 ? -0.0 : 0.0)));
        }
        int[] expected = new int[v.size()];
        for (int i = 0; i < v.size(); i++) {
          double own = v.get(i).get(0);
          expected[i] =
              (int)
                  v.stream()
                      .mapToDouble(x -> x.get(0))
                      .filter(x -> d.isBetter(x, own))
                      .map(x -> x + 0.0)
                      .distinct()
                      .count();
        }
        assertThat(Pareto.ranks(v, List.of(d))).as("%s %s", d, v).containsExactly(expected);
      }
    }
    assertThat(
            Pareto.ranks(
                List.of(List.of(-0.0), List.of(0.0), List.of(-1.0)), List.of(Direction.MAXIMIZE)))
        .containsExactly(0, 0, 1);
    List<List<Double>> many = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      many.add(List.of((double) i));
    }
    assertThat(Pareto.ranks(many, List.of(Direction.MAXIMIZE))[0]).isEqualTo(19_999);
  }
}
