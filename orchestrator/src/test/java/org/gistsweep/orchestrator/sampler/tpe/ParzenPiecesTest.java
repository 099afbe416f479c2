package org.gistsweep.orchestrator.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.spec.CategoricalDistribution;
import org.gistsweep.common.spec.ParameterSpec;
import org.junit.jupiter.api.Test;

/** The estimator's pieces against values computed by hand (and with Python's math.erfc). */
class ParzenPiecesTest {

  @Test
  void gammaAndWeightRampFollowOptunaDefaults() {
    assertThat(Weights.gamma(10)).isEqualTo(1);
    assertThat(Weights.gamma(11)).isEqualTo(2);
    assertThat(Weights.gamma(1000)).isEqualTo(25);
    assertThat(Weights.ramp(3)).containsExactly(1, 1, 1);
    assertThat(Weights.ramp(25)).containsOnly(1.0);
    double[] w27 = Weights.ramp(27);
    assertThat(w27[0]).isCloseTo(1.0 / 27, within(1e-15));
    assertThat(w27[1]).isEqualTo(1.0);
    double[] w28 = Weights.ramp(28);
    assertThat(w28[0]).isCloseTo(1.0 / 28, within(1e-15));
    assertThat(w28[1]).isCloseTo((1.0 / 28 + 1) / 2, within(1e-15));
    assertThat(w28[2]).isEqualTo(1.0);
  }

  @Test
  void neighbourBandwidthsIncludeThePriorCentreAndUseInnerGapsAtTheEnds() {
    // sorted with prior 5: [2, 5, 9], virtual ends 0 and 10
    assertThat(Bandwidths.neighbour(new double[] {9, 2}, 0, 10, 0)).containsExactly(4, 3);
    // [1, 1.5, 5]: 1 takes its inner gap 0.5, 1.5 the larger gap 3.5
    double[] s = Bandwidths.neighbour(new double[] {1, 1.5}, 0, 10, 0);
    assertThat(s).containsExactly(0.5, 3.5);
    assertThat(Bandwidths.clip(s, 10, true)).containsExactly(2.5, 3.5);
    assertThat(Bandwidths.clip(Bandwidths.neighbour(new double[] {2}, 0, 10, 0), 10, true))
        .containsExactly(10.0 / 3);
    // stepped: ends widened by step/2, range = high - low + step
    assertThat(Bandwidths.neighbour(new double[] {0}, 0, 4, 1)).containsExactly(2.0);
  }

  @Test
  void magicClipBoundsWidthsByRangeOverKernels() {
    double[] wide = new double[200];
    Arrays.fill(wide, 1e-9);
    assertThat(Bandwidths.clip(wide, 10, true)).containsOnly(0.1);
    assertThat(Bandwidths.clip(new double[] {50}, 10, true)).containsExactly(10.0);
    assertThat(Bandwidths.clip(new double[] {1e-9}, 10, false)).containsExactly(1e-9);
    assertThat(Bandwidths.scott(16, 4, 10)).isCloseTo(1.4142135623730954, within(1e-12));
  }

  @Test
  void truncatedNormalDensityAndBucketMass() {
    assertThat(TruncatedNormal.logPdf(0.5, 0, 1, 0, 1))
        .isCloseTo(0.030923793657398724, within(1e-12));
    assertThat(TruncatedNormal.logBucketMass(2, 2, 1, 0, 4, 1))
        .isCloseTo(-0.9474192386317173, within(1e-12));
    // far tail: mass between 30 and 31 sigma is ~ Phi(-30), log about -454.32
    double far = Normal.logMass(30, 31);
    assertThat(far).isCloseTo(Normal.logCdf(-30), within(1e-9));
    assertThat(Normal.logCdf(-19.999999)).isCloseTo(Normal.logCdf(-20.000001), within(1e-4));
    assertThat(Normal.quantile(Normal.cdf(1.3))).isCloseTo(1.3, within(1e-9));
  }

  @Test
  void tabulatedCdfMatchesSmileWithinOneInTenToTheEleven() {
    for (double z = -12; z <= 12; z += 0.0137) {
      assertThat(FastPhi.cdf(z)).as("z=%s", z).isCloseTo(Normal.cdf(z), within(1e-11));
    }
  }

  @Test
  void categoricalKernelsSmoothByPriorWeightOverKernels() {
    Dimension d =
        Dimension.of(
            new ParameterSpec("c", new CategoricalDistribution(List.of("a", "b", "c")), Map.of()),
            0);
    ParzenEstimator pe =
        new ParzenEstimator(
            Kernels.of(new Dimension[] {d}, false, new double[][] {{0}, {0}, {2}}),
            new WeightCache(1.0));
    double[] lp = pe.logPdf(new double[][] {{0}, {1}});
    // each observation: 1 + 1/4 on its choice, 1/4 elsewhere, over 1.75; prior uniform; weights 1/4
    assertThat(lp[0]).isCloseTo(-0.7419373447293773, within(1e-12));
    assertThat(lp[1]).isCloseTo(-1.6582280766035324, within(1e-12));
  }
}
