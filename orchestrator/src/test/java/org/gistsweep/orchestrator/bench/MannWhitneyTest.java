package org.gistsweep.orchestrator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The U test against values worked by hand (they match SciPy's asymptotic mannwhitneyu). */
class MannWhitneyTest {

  @Test
  void separatedSamples() {
    // U = 0, mean 4.5, var 9*7/12 = 5.25, z = (4.5 - 0.5) / sqrt(5.25) = 1.7457, p = 0.080856
    MannWhitney.Result r = MannWhitney.test(new double[] {1, 2, 3}, new double[] {4, 5, 6});
    assertThat(r.u()).isEqualTo(0);
    assertThat(r.z()).isCloseTo(4 / Math.sqrt(5.25), within(1e-12));
    assertThat(r.p()).isCloseTo(0.0808556, within(1e-6));
    assertThat(r.xLower()).isTrue();
    assertThat(MannWhitney.test(new double[] {4, 5, 6}, new double[] {1, 2, 3}).xLower()).isFalse();
  }

  @Test
  void tiesUseAverageRanksAndShrinkTheVariance() {
    // x = {1, 2, 2}, y = {2, 3}: x ranks 1, 3, 3 (three 2s share rank 3), U = 7 - 6 = 1, mean 3,
    // var = 6/12 * (6 - (27 - 3) / 20) = 2.4, z = (2 - 0.5) / sqrt(2.4)
    MannWhitney.Result r = MannWhitney.test(new double[] {1, 2, 2}, new double[] {2, 3});
    assertThat(r.u()).isEqualTo(1);
    assertThat(r.z()).isCloseTo(1.5 / Math.sqrt(2.4), within(1e-12));
    assertThat(MannWhitney.test(new double[] {1, 1}, new double[] {1, 1}).p()).isEqualTo(1);
  }
}
