package org.gistsweep.orchestrator.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gistsweep.common.spec.CategoricalDistribution;
import org.gistsweep.common.spec.FloatDistribution;
import org.gistsweep.common.spec.IntDistribution;
import org.gistsweep.common.spec.ParameterSpec;
import org.gistsweep.common.spec.SamplerSpec;
import org.gistsweep.common.spec.SearchSpace;
import org.gistsweep.common.trial.Direction;
import org.gistsweep.orchestrator.sampler.Sampler;
import org.gistsweep.orchestrator.sampler.Samplers;
import org.junit.jupiter.api.Test;

class TpeSamplerTest {
  static final SearchSpace MIXED =
      new SearchSpace(
          List.of(
              new ParameterSpec(
                  "opt", new CategoricalDistribution(List.of("adam", "sgd")), Map.of()),
              new ParameterSpec("lr", new FloatDistribution(1e-4, 1e-1, true, 0), Map.of()),
              new ParameterSpec("layers", new IntDistribution(1, 8, false, 1), Map.of()),
              new ParameterSpec("width", new IntDistribution(16, 512, true, 1), Map.of()),
              new ParameterSpec(
                  "momentum",
                  new FloatDistribution(0, 0.99, false, 0),
                  Map.of("opt", List.of("sgd"))),
              new ParameterSpec(
                  "beta",
                  new FloatDistribution(0.8, 0.999, false, 0.001),
                  Map.of("opt", List.of("adam")))));

  static Sampler tpe(long seed) {
    return Samplers.create(new SamplerSpec("tpe", seed), Direction.MINIMIZE);
  }

  /** A cheap objective over MIXED; sgd with momentum near 0.9 and lr near 1e-2 is best. */
  static double loss(Map<String, Object> p) {
    double lr = Math.log10((Double) p.get("lr")) + 2;
    double v = lr * lr + Math.abs((Long) p.get("layers") - 3) * 0.1;
    return p.get("opt").equals("sgd") ? v + Math.abs((Double) p.get("momentum") - 0.9) : v + 0.5;
  }

  static List<TestTrial> history(Sampler s, int count) {
    List<TestTrial> h = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      Map<String, Object> p = s.suggest(MIXED, n, h);
      h.add(TestTrial.complete(n, p, loss(p)));
    }
    return h;
  }

  @Test
  void suggestionDependsOnlyOnSeedNumberAndHistoryNotOnOrderOrCache() {
    List<TestTrial> h = history(tpe(3), 40);
    List<TestTrial> shuffled = new ArrayList<>(h);
    Collections.shuffle(shuffled, new Random(1));
    Sampler warm = tpe(3);
    for (int n = 45; n >= 40; n--) {
      warm.suggest(MIXED, n, h.subList(0, n - 20));
    }
    Map<String, Object> fresh = tpe(3).suggest(MIXED, 40, h);
    assertThat(warm.suggest(MIXED, 40, h)).isEqualTo(fresh);
    assertThat(tpe(3).suggest(MIXED, 40, shuffled)).isEqualTo(fresh);
    assertThat(tpe(4).suggest(MIXED, 40, h)).isNotEqualTo(fresh);
    assertThat(tpe(3).suggest(MIXED, 41, h)).isNotEqualTo(fresh);
  }

  @Test
  void conditionalBranchesBecomeGroupsAndSuggestionsStayValid() {
    Sampler s = tpe(5);
    List<TestTrial> h = history(s, 60);
    TrialTable table = new TrialTable(dims(MIXED));
    List<Row> rows = table.rows(h, 60, true);
    List<int[]> groups = Groups.of(rows, table, 6, true);
    assertThat(groups).containsExactly(new int[] {0, 1, 2, 3}, new int[] {4}, new int[] {5});
    assertThat(Groups.of(rows, table, 6, false)).containsExactly(new int[] {0, 1, 2, 3});
    for (TestTrial t : h) {
      for (ParameterSpec p : MIXED.parameters()) {
        assertThat(t.params().containsKey(p.name())).isEqualTo(p.isActive(t.params()));
        if (t.params().containsKey(p.name())) {
          assertThat(p.distribution().contains(t.params().get(p.name())))
              .as("%s", t.params())
              .isTrue();
        }
      }
    }
    long sgd = h.subList(30, 60).stream().filter(t -> t.params().get("opt").equals("sgd")).count();
    assertThat(sgd).as("TPE learns the better branch").isGreaterThan(20);
  }

  @Test
  void constantLiarSpreadsParallelSuggestionsOverTheChoices() {
    SearchSpace space =
        new SearchSpace(
            List.of(
                new ParameterSpec(
                    "c", new CategoricalDistribution(List.of("a", "b", "c", "d")), Map.of())));
    List<String> choices = List.of("a", "b", "c", "d");
    for (long seed = 0; seed < 10; seed++) {
      List<TestTrial> h = new ArrayList<>();
      for (int n = 0; n < 40; n++) {
        h.add(TestTrial.complete(n, Map.of("c", choices.get(n % 4)), n < 4 ? 0.0 : 1.0));
      }
      Sampler s = Samplers.create(new SamplerSpec("tpe", seed), Direction.MINIMIZE);
      HashSet<Object> running = new HashSet<>();
      for (int n = 40; n < 44; n++) {
        Map<String, Object> p = s.suggest(space, n, h);
        running.add(p.get("c"));
        h.add(TestTrial.running(n, p));
      }
      assertThat(running).as("seed %d", seed).hasSize(4);
    }
  }

  @Test
  void prunedTrialsFillBelowByFurthestStepThenLastValue() {
    Map<String, Object> p = Map.of("c", "a");
    TrialTable table = new TrialTable(dims(MIXED));
    List<TestTrial> h =
        List.of(
            TestTrial.complete(0, p, 5.0),
            TestTrial.pruned(1, p, 2, 0.1),
            TestTrial.pruned(2, p, 4, 0.9),
            TestTrial.pruned(3, p, 4, 0.3),
            TestTrial.running(4, p));
    List<Row> rows = table.rows(h, 9, true);
    assertThat(TrialSplit.below(rows, Direction.MINIMIZE, 3))
        .containsExactly(true, false, true, true, false);
    assertThat(TrialSplit.below(rows, Direction.MAXIMIZE, 2))
        .containsExactly(true, false, true, false, false);
  }

  static Dimension[] dims(SearchSpace space) {
    Dimension[] d = new Dimension[space.parameters().size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = Dimension.of(space.parameters().get(i), i);
    }
    return d;
  }
}
