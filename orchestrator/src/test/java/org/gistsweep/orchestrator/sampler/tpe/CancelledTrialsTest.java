package org.gistsweep.orchestrator.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.sampler.ObservedTrial;
import org.junit.jupiter.api.Test;

/**
 * CANCELLED trials never inform TPE as COMPLETE, whatever value they show: the suggestion is the
 * one made without them, while the same trials recorded COMPLETE change it.
 */
class CancelledTrialsTest {
  @Test
  void aCancelledTrialDoesNotInformTheSampler() {
    List<TestTrial> h = TpeSamplerTest.history(TpeSamplerTest.tpe(5), 30);
    Map<String, Object> worst =
        h.stream().max(Comparator.comparing(TestTrial::value)).orElseThrow().params();
    List<ObservedTrial> withCancelled = new ArrayList<>(h);
    List<ObservedTrial> withComplete = new ArrayList<>(h);
    for (int n = 30; n < 40; n++) {
      withCancelled.add(
          new TestTrial(n, TrialState.CANCELLED, worst, -100.0, new TreeMap<>(Map.of(1, -100.0))));
      withComplete.add(TestTrial.complete(n, worst, -100.0));
    }

    Map<String, Object> without =
        TpeSamplerTest.tpe(5).suggest(TpeSamplerTest.MIXED, 40, List.copyOf(h));
    assertThat(TpeSamplerTest.tpe(5).suggest(TpeSamplerTest.MIXED, 40, withCancelled))
        .isEqualTo(without);
    assertThat(TpeSamplerTest.tpe(5).suggest(TpeSamplerTest.MIXED, 40, withComplete))
        .as("the same trials as COMPLETE with the best value move the suggestion")
        .isNotEqualTo(without);
  }
}
