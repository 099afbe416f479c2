package org.gistsweep.orchestrator.importance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.gistsweep.common.spec.CategoricalDistribution;
import org.gistsweep.common.spec.FloatDistribution;
import org.gistsweep.common.spec.ParameterSpec;
import org.gistsweep.common.spec.SearchSpace;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.sampler.ObservedTrial;
import org.junit.jupiter.api.Test;

class ParameterImportanceTest {

  record Trial(int number, TrialState state, Map<String, Object> params, Double value)
      implements ObservedTrial {
    @Override
    public SortedMap<Integer, Double> intermediateValues() {
      return new TreeMap<>();
    }
  }

  private static ParameterSpec flt(String name) {
    return new ParameterSpec(name, new FloatDistribution(0, 1, false, 0), Map.of());
  }

  private static final SearchSpace SPACE =
      new SearchSpace(
          List.of(
              flt("noise"),
              flt("x2"),
              flt("x1"),
              new ParameterSpec(
                  "opt", new CategoricalDistribution(List.of("sgd", "adam", "lion")), Map.of())));

  /** value = 3*x1 + 1*x2 + 0*noise + 1.5*[opt == adam] + small noise. */
  private static List<ObservedTrial> trials(int n, long seed) {
    Random r = new Random(seed);
    List<ObservedTrial> out = new ArrayList<>();
    List<String> opts = List.of("sgd", "adam", "lion");
    for (int i = 0; i < n; i++) {
      double x1 = r.nextDouble();
      double x2 = r.nextDouble();
      double noise = r.nextDouble();
      String opt = opts.get(r.nextInt(3));
      double v = 3 * x1 + x2 + (opt.equals("adam") ? 1.5 : 0) + 0.05 * r.nextGaussian();
      Map<String, Object> p = new HashMap<>();
      p.put("x1", x1);
      p.put("x2", x2);
      p.put("noise", noise);
      p.put("opt", opt);
      out.add(new Trial(i, TrialState.COMPLETE, p, v));
    }
    // trials that must be ignored
    out.add(
        new Trial(
            n, TrialState.FAILED, Map.of("x1", 0.5, "x2", 0.5, "noise", 0.5, "opt", "sgd"), null));
    out.add(
        new Trial(
            n + 1,
            TrialState.COMPLETE,
            Map.of("x1", 0.5, "x2", 0.5, "noise", 0.5, "opt", "sgd"),
            Double.NaN));
    return out;
  }

  @Test
  void ranksRealParametersAboveNoiseAndNoiseLast() {
    ParameterImportance.Result r = ParameterImportance.compute(SPACE, trials(200, 7));
    System.out.println("importance: " + r.importance() + " trials_used=" + r.trialsUsed());
    Map<String, Double> imp = r.importance();
    assertEquals(200, r.trialsUsed());
    assertEquals(List.of("x1", "opt", "x2", "noise").size(), imp.size());
    assertTrue(imp.get("x1") > imp.get("x2"), imp.toString());
    assertTrue(imp.get("x2") > imp.get("noise"), imp.toString());
    assertTrue(imp.get("opt") > imp.get("noise"), imp.toString());
    List<String> order = new ArrayList<>(imp.keySet());
    assertEquals("x1", order.get(0), imp.toString());
    assertEquals("noise", order.get(order.size() - 1), imp.toString());
    assertEquals(1.0, imp.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
  }

  @Test
  void isDeterministic() {
    List<ObservedTrial> t = trials(120, 11);
    ParameterImportance.Result a = ParameterImportance.compute(SPACE, t);
    ParameterImportance.Result b = ParameterImportance.compute(SPACE, t);
    assertEquals(a, b);
    assertEquals(
        new ArrayList<>(a.importance().keySet()), new ArrayList<>(b.importance().keySet()));
  }

  @Test
  void sampledShapRanksLikeEveryRowAndStaysClose() {
    List<ObservedTrial> t = trials(1000, 23);
    ParameterImportance.Result sampled = ParameterImportance.compute(SPACE, t);
    ParameterImportance.Result everyRow = ParameterImportance.compute(SPACE, t, Integer.MAX_VALUE);
    System.out.println(
        "sampled: " + sampled.importance() + "\nevery row: " + everyRow.importance());
    assertEquals(1000, sampled.trialsUsed());
    assertEquals(
        List.of("x1", "opt", "x2", "noise"), new ArrayList<>(everyRow.importance().keySet()));
    assertEquals(
        new ArrayList<>(everyRow.importance().keySet()),
        new ArrayList<>(sampled.importance().keySet()));
    for (String name : everyRow.importance().keySet()) {
      // the javadoc's bound: relative standard error 0.054 cv, cv <= 1
      assertEquals(everyRow.importance().get(name), sampled.importance().get(name), 0.02, name);
    }
    assertNotEquals(everyRow, sampled, "the SHAP sample is a sample, not every row");
  }

  @Test
  void sampleIsFixedSeededWithoutReplacementAndInOrder() {
    double[][] rows = new double[1000][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new double[] {i};
    }
    double[][] a = ParameterImportance.sample(rows, ParameterImportance.SHAP_ROWS);
    double[][] b = ParameterImportance.sample(rows, ParameterImportance.SHAP_ROWS);
    assertEquals(ParameterImportance.SHAP_ROWS, a.length);
    for (int i = 0; i < a.length; i++) {
      assertSame(a[i], b[i]);
      if (i > 0) {
        assertTrue(a[i][0] > a[i - 1][0], "distinct rows in their order");
      }
    }
    assertTrue(a[a.length - 1][0] - a[0][0] > 900, "spread over all rows, not a prefix");
    assertSame(rows, ParameterImportance.sample(rows, 1000));
  }

  @Test
  void isDeterministicForAnyOrderOfTheTrials() {
    List<ObservedTrial> t = trials(600, 29);
    ParameterImportance.Result a = ParameterImportance.compute(SPACE, t);
    List<ObservedTrial> shuffled = new ArrayList<>(t);
    Collections.shuffle(shuffled, new Random(3));
    ParameterImportance.Result b = ParameterImportance.compute(SPACE, shuffled);
    assertEquals(a, b);
    assertEquals(
        new ArrayList<>(a.importance().keySet()), new ArrayList<>(b.importance().keySet()));
  }

  @Test
  void tooFewTrialsGiveEmptyResult() {
    ParameterImportance.Result r = ParameterImportance.compute(SPACE, trials(5, 3));
    assertTrue(r.importance().isEmpty());
  }

  @Test
  void inactiveConditionalParametersAreEncodedAsSentinel() {
    assertEquals(-1.0, ParameterImportance.encode(new FloatDistribution(0, 1, false, 0), null));
    assertEquals(
        0.5, ParameterImportance.encode(new FloatDistribution(1e-4, 1, true, 0), 1e-2), 1e-12);
  }
}
