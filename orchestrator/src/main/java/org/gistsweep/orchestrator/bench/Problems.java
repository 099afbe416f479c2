package org.gistsweep.orchestrator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import org.gistsweep.common.spec.CategoricalDistribution;
import org.gistsweep.common.spec.FloatDistribution;
import org.gistsweep.common.spec.IntDistribution;
import org.gistsweep.common.spec.ParameterSpec;
import org.gistsweep.common.spec.SearchSpace;

/** The benchmark's objectives (all minimised) and their search spaces. */
final class Problems {
  record Problem(String name, SearchSpace space, ToDoubleFunction<Map<String, Object>> f) {}

  private Problems() {}

  static List<Problem> all() {
    return List.of(
        box("sphere-10d", 10, -5, 5, x -> sum(x, v -> v * v)),
        box("rosenbrock-5d", 5, -2.048, 2.048, Problems::rosenbrock),
        box(
            "styblinski-tang-10d",
            10,
            -5,
            5,
            x -> sum(x, v -> 0.5 * (v * v * v * v - 16 * v * v + 5 * v))),
        box("ackley-20d", 20, -32.768, 32.768, Problems::ackley),
        box("hartmann-6d", 6, 0, 1, Problems::hartmann6),
        new Problem(
            "branin-2d",
            new SearchSpace(List.of(f("x0", -5, 10), f("x1", 0, 15))),
            p -> branin(x(p, 2))),
        mixed());
  }

  private static Problem box(
      String name, int d, double lo, double hi, ToDoubleFunction<double[]> g) {
    List<ParameterSpec> ps = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      ps.add(f("x" + i, lo, hi));
    }
    return new Problem(name, new SearchSpace(ps), p -> g.applyAsDouble(x(p, d)));
  }

  private static ParameterSpec f(String name, double lo, double hi) {
    return new ParameterSpec(name, new FloatDistribution(lo, hi, false, 0), Map.of());
  }

  private static double[] x(Map<String, Object> p, int d) {
    double[] x = new double[d];
    for (int i = 0; i < d; i++) {
      x[i] = (Double) p.get("x" + i);
    }
    return x;
  }

  private static double sum(double[] x, DoubleUnaryOperator g) {
    double s = 0;
    for (double v : x) {
      s += g.applyAsDouble(v);
    }
    return s;
  }

  private static double rosenbrock(double[] x) {
    double s = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      s += 100 * Math.pow(x[i + 1] - x[i] * x[i], 2) + Math.pow(1 - x[i], 2);
    }
    return s;
  }

  private static double ackley(double[] x) {
    double sq = sum(x, v -> v * v) / x.length;
    double cos = sum(x, v -> Math.cos(2 * Math.PI * v)) / x.length;
    return -20 * Math.exp(-0.2 * Math.sqrt(sq)) - Math.exp(cos) + 20 + Math.E;
  }

  private static double branin(double[] x) {
    double b = 5.1 / (4 * Math.PI * Math.PI);
    double c = 5 / Math.PI;
    double t = 1 / (8 * Math.PI);
    return Math.pow(x[1] - b * x[0] * x[0] + c * x[0] - 6, 2) + 10 * (1 - t) * Math.cos(x[0]) + 10;
  }

  private static final double[] H_A = {1.0, 1.2, 3.0, 3.2};
  private static final double[][] H_B = {
    {10, 3, 17, 3.5, 1.7, 8},
    {0.05, 10, 17, 0.1, 8, 14},
    {3, 3.5, 1.7, 10, 17, 8},
    {17, 8, 0.05, 10, 0.1, 14}
  };
  private static final double[][] H_P = {
    {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
    {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
    {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
    {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}
  };

  private static double hartmann6(double[] x) {
    double s = 0;
    for (int i = 0; i < 4; i++) {
      double inner = 0;
      for (int j = 0; j < 6; j++) {
        inner += H_B[i][j] * Math.pow(x[j] - H_P[i][j], 2);
      }
      s -= H_A[i] * Math.exp(-inner);
    }
    return s;
  }

  /** Categorical branch choice with conditional floats/ints, a log float and a stepped float. */
  private static Problem mixed() {
    SearchSpace space =
        new SearchSpace(
            List.of(
                new ParameterSpec(
                    "kind", new CategoricalDistribution(List.of("quad", "abs", "wave")), Map.of()),
                new ParameterSpec("lr", new FloatDistribution(1e-5, 1, true, 0), Map.of()),
                new ParameterSpec(
                    "x", new FloatDistribution(-5, 5, false, 0), Map.of("kind", List.of("quad"))),
                new ParameterSpec(
                    "n", new IntDistribution(1, 20, false, 1), Map.of("kind", List.of("quad"))),
                new ParameterSpec(
                    "y", new FloatDistribution(-5, 5, false, 0.5), Map.of("kind", List.of("abs"))),
                new ParameterSpec(
                    "z",
                    new FloatDistribution(0, 6.28, false, 0),
                    Map.of("kind", List.of("wave")))));
    return new Problem(
        "mixed-conditional",
        space,
        p -> {
          double lr = Math.log10((Double) p.get("lr")) + 2;
          double base = 0.5 * lr * lr;
          return base
              + switch ((String) p.get("kind")) {
                case "quad" ->
                    Math.pow((Double) p.get("x") - 1, 2) + 0.1 * Math.pow((Long) p.get("n") - 7, 2);
                case "abs" -> Math.abs((Double) p.get("y") + 2) + 0.5;
                default -> Math.sin((Double) p.get("z")) + 1.5;
              };
        });
  }
}
