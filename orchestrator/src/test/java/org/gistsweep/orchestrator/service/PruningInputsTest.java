package org.gistsweep.orchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gistsweep.orchestrator.pruner.Decision;
import org.gistsweep.orchestrator.pruner.Pruner;
import org.gistsweep.orchestrator.pruner.PrunerTrial;
import org.gistsweep.orchestrator.study.Study;
import org.gistsweep.orchestrator.testing.Events;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.junit.jupiter.api.Test;

class PruningInputsTest {
  private final List<List<PrunerTrial>> seen = new ArrayList<>();
  private final Pruner recording =
      new Pruner() {
        @Override
        public Decision decide(PrunerTrial trial, List<PrunerTrial> history) {
          seen.add(history);
          return Decision.CONTINUE;
        }

        @Override
        public String type() {
          return "recording";
        }
      };

  @Test
  void unchangedTrialsKeepTheirPrunerInputAndChangedOnesAreRebuilt() {
    Study s = new Study("s-1", TestSpecs.random(3, 3, 3, 1), Long.MAX_VALUE, MutableClock.fixed());
    for (int n = 0; n < 3; n++) {
      s.createTrial(n, Map.of("lr", 0.01), Map.of("epochs", 3));
    }
    s.apply(Events.started("s-1", 0, 1, "w1"));
    s.apply(Events.started("s-1", 1, 1, "w1"));
    s.apply(Events.epoch("s-1", 0, 1, 1, 0.5));
    s.apply(Events.epoch("s-1", 1, 1, 1, 0.6));
    PruningInputs inputs = new PruningInputs(recording);

    inputs.decide(s.trial(1).orElseThrow(), s.trials());
    s.apply(Events.epoch("s-1", 1, 1, 2, 0.7));
    inputs.decide(s.trial(1).orElseThrow(), s.trials());

    List<PrunerTrial> first = seen.get(0);
    List<PrunerTrial> second = seen.get(1);
    assertThat(second).hasSize(3);
    assertThat(second.get(0)).isSameAs(first.get(0));
    assertThat(second.get(2)).isSameAs(first.get(2));
    assertThat(second.get(1)).isNotSameAs(first.get(1));
    assertThat(second.get(1).values()).containsOnlyKeys(1, 2);
    assertThat(second).isEqualTo(s.trials().stream().map(PruningInputs::of).toList());
  }
}
