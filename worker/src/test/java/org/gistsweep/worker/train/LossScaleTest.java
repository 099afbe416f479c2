package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LossScaleTest {
  @Test
  void overflowHalvesTheScaleAndSkipsTheStep() {
    LossScale s = LossScale.dynamic();
    assertThat(s.value()).isEqualTo(65_536);
    assertThat(s.update(false)).isFalse();
    assertThat(s.update(false)).isFalse();
    assertThat(s.value()).isEqualTo(16_384);
    assertThat(s.skippedSteps()).isEqualTo(2);
    assertThat(s.update(true)).isTrue();
    assertThat(s.value()).isEqualTo(16_384);
  }

  @Test
  void growsAfterTheIntervalOfFiniteStepsInARowOnly() {
    LossScale s = LossScale.dynamic();
    for (int i = 0; i < LossScale.GROWTH_INTERVAL - 1; i++) {
      s.update(true);
    }
    s.update(false);
    for (int i = 0; i < LossScale.GROWTH_INTERVAL - 1; i++) {
      s.update(true);
    }
    assertThat(s.value()).isEqualTo(32_768);
    s.update(true);
    assertThat(s.value()).isEqualTo(65_536);
  }

  @Test
  void noneNeverScalesOrSkips() {
    LossScale s = LossScale.none();
    assertThat(s.isDynamic()).isFalse();
    assertThat(s.update(false)).isTrue();
    assertThat(s.value()).isEqualTo(1);
    assertThat(s.skippedSteps()).isZero();
  }
}
