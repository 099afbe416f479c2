package org.gistsweep.cli.loadharness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness's arithmetic: percentiles, the memory line, the peak window, stage sizes. */
class LoadHarnessPartsTest {

  @Test
  void percentilesAreNearestRank() {
    long[] samples = new long[100];
    for (int i = 0; i < 100; i++) {
      samples[i] = 100 - i;
    }
    LatencySummary s = LatencySummary.of(samples);
    assertThat(s.count()).isEqualTo(100);
    assertThat(s.p50()).isEqualTo(50);
    assertThat(s.p99()).isEqualTo(99);
    assertThat(s.max()).isEqualTo(100);
    assertThat(LatencySummary.of(new long[] {7}).p99()).isEqualTo(7);
    assertThat(LatencySummary.of(new long[0]).render()).isEqualTo("-");
  }

  @Test
  void linearFitRecoversTheSlope() {
    LinearFit fit =
        LinearFit.of(new double[] {0, 1000, 2000, 3000}, new double[] {5e6, 6e6, 7e6, 8e6});
    assertThat(fit.slope()).isCloseTo(1000, within(1e-6));
    assertThat(fit.intercept()).isCloseTo(5e6, within(1e-3));
    assertThat(fit.r2()).isCloseTo(1.0, within(1e-9));
    assertThat(LinearFit.of(new double[] {0, 1}, new double[] {1, 3}).r2()).isNaN();
    assertThatThrownBy(() -> LinearFit.of(new double[] {1, 1}, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void peakIsTheBestWindowOfAtLeastOneSecond() {
    long s = 1_000_000_000L;
    List<IngestionMeter.Sample> samples =
        List.of(
            new IngestionMeter.Sample(0, 0, 0),
            new IngestionMeter.Sample(s / 2, 100, 0),
            new IngestionMeter.Sample(s, 1000, 0),
            new IngestionMeter.Sample(2 * s, 4000, 0),
            new IngestionMeter.Sample(3 * s, 4500, 0));
    assertThat(LoadHarness.peakPerSecond(samples)).isCloseTo(3000, within(1e-6));
    assertThat(LoadHarness.peakPerSecond(samples.subList(0, 2))).isCloseTo(200, within(1e-6));
    assertThat(LoadHarness.peakPerSecond(List.of())).isZero();
  }

  @Test
  void stagesShareTheTrialsAndTheLastTakesTheRest() {
    LoadOptions o =
        new LoadOptions(
            10,
            10_001,
            3,
            4,
            null,
            "none",
            Duration.ZERO,
            Duration.ofSeconds(5),
            1,
            Duration.ofMinutes(1),
            null,
            null,
            1,
            0);
    assertThat(o.trialsOf(0)).isEqualTo(2500);
    assertThat(o.trialsOf(3)).isEqualTo(2501);
    assertThatThrownBy(
            () ->
                new LoadOptions(
                    1001,
                    10,
                    1,
                    1,
                    null,
                    "none",
                    Duration.ZERO,
                    Duration.ofSeconds(5),
                    1,
                    Duration.ofMinutes(1),
                    null,
                    null,
                    1,
                    0))
        .hasMessageContaining("1000");
    assertThatThrownBy(
            () ->
                new LoadOptions(
                    1,
                    10,
                    1,
                    1,
                    null,
                    "hyperband",
                    Duration.ZERO,
                    Duration.ofSeconds(5),
                    1,
                    Duration.ofMinutes(1),
                    null,
                    null,
                    1,
                    0))
        .hasMessageContaining("pruner");
  }
}
