package org.gistsweep.orchestrator.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.gistsweep.common.spec.IntDistribution;
import org.gistsweep.common.spec.ParameterSpec;
import org.junit.jupiter.api.Test;

/**
 * The estimator's log density (blocked passes, bucket masses per distinct kernel, merged
 * one-dimensional mixtures) against a plain sum over components of per-dimension densities.
 */
class ParzenDensityTest {
  static final ParameterSpec WIDE_GRID =
      new ParameterSpec("k", new IntDistribution(1, 5000, false, 1), Map.of());

  @Test
  void multivariateDensityEqualsThePlainSum() {
    for (boolean neighbour : new boolean[] {true, false}) {
      for (int n : new int[] {0, 1, 7, 30, 700, 1500}) {
        check(KernelSetTest.DIMS, neighbour, n, n);
      }
    }
  }

  @Test
  void oneDimensionalMixturesEqualThePlainSum() {
    for (int k = 0; k < KernelSetTest.SPECS.size(); k++) {
      Dimension[] alone = KernelSetTest.dims(List.of(KernelSetTest.SPECS.get(k)));
      for (int n : new int[] {0, 3, 40, 600}) {
        check(alone, true, n, 31 * n + k);
      }
    }
  }

  @Test
  void manyDistinctBucketsAreEvaluatedOnDemandWithTheSameResult() {
    check(KernelSetTest.dims(List.of(WIDE_GRID, KernelSetTest.SPECS.get(0))), true, 400, 5);
    check(KernelSetTest.dims(List.of(WIDE_GRID, KernelSetTest.SPECS.get(4))), false, 400, 6);
  }

  private static void check(Dimension[] dims, boolean neighbour, int n, long seed) {
    Random r = new Random(seed);
    double[][] obs = new double[n][];
    for (int i = 0; i < n; i++) {
      obs[i] = point(dims, r);
    }
    KernelSet set = Kernels.of(dims, neighbour, obs);
    WeightCache cache = new WeightCache(1.0);
    ParzenEstimator pe = new ParzenEstimator(set, cache);
    double[][] xs = pe.sample(new SplittableRandom(seed), 24);
    for (double[] x : xs) {
      for (int k = 0; k < dims.length; k++) {
        assertThat(dims[k].snap(x[k])).isEqualTo(x[k]);
      }
    }
    double[] got = pe.logPdf(xs);
    double[] w = cache.weights(n);
    for (int j = 0; j < xs.length; j++) {
      double[] terms = new double[n + 1];
      for (int p = 0; p <= n; p++) {
        terms[p] = Math.log(w[p]);
        for (int k = 0; k < dims.length; k++) {
          terms[p] +=
              p < n
                  ? density(dims[k], xs[j][k], set.mu[k][p], set.sigma[k][p], n)
                  : density(dims[k], xs[j][k], KernelSet.center(dims[k]), dims[k].range(), -1);
        }
      }
      double max = Arrays.stream(terms).max().orElseThrow();
      double sum = Arrays.stream(terms).map(t -> Math.exp(t - max)).sum();
      assertThat(got[j]).as("n=%d j=%d", n, j).isCloseTo(max + Math.log(sum), within(1e-9));
    }
  }

  /** One kernel's log density; {@code n < 0} marks the prior. */
  private static double density(Dimension d, double x, double mu, double sigma, int n) {
    if (d.kind == Dimension.Kind.CATEGORICAL) {
      if (n < 0) {
        return -Math.log(d.choices);
      }
      double a = 1.0 / (n + 1);
      double norm = 1 + d.choices * a;
      return Math.log((x == mu ? 1 + a : a) / norm);
    }
    if (d.kind == Dimension.Kind.STEPPED) {
      return TruncatedNormal.logBucketMass(x, mu, sigma, d.low, d.high, d.step);
    }
    return TruncatedNormal.logPdf(x, mu, sigma, d.low, d.high);
  }

  static double[] point(Dimension[] dims, Random r) {
    double[] x = new double[dims.length];
    for (int k = 0; k < dims.length; k++) {
      Dimension d = dims[k];
      x[k] =
          d.kind == Dimension.Kind.CATEGORICAL
              ? r.nextInt(d.choices)
              : d.snap(d.low + r.nextDouble() * (d.high - d.low));
    }
    return x;
  }
}
