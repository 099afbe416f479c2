package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
  @Test
  void warmupThenCosineThenCooldown() {
    LrSchedule s = new LrSchedule(1e-2, 8, 2, 2);
    assertThat(s.at(0)).isEqualTo(1e-7);
    assertThat(s.at(1)).isCloseTo(1e-7 + (1e-2 - 1e-7) / 2, within(1e-12));
    assertThat(s.at(2)).isCloseTo(1e-2, within(1e-12));
    assertThat(s.at(4)).isCloseTo(1e-8 + 0.5 * (1e-2 - 1e-8), within(1e-12));
    assertThat(s.at(6)).isEqualTo(1e-8);
    assertThat(s.at(7)).isEqualTo(1e-8);
  }

  @Test
  void noWarmupStartsAtPeak() {
    assertThat(new LrSchedule(5e-3, 3, 0, 0).at(0)).isEqualTo(5e-3);
  }
}
