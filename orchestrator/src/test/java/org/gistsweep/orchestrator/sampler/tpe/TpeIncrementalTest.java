package org.gistsweep.orchestrator.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gistsweep.common.spec.SamplerSpec;
import org.gistsweep.common.trial.Direction;
import org.gistsweep.orchestrator.sampler.Samplers;
import org.junit.jupiter.api.Test;

/**
 * A sampler that keeps its state across asks suggests exactly what a fresh sampler suggests from
 * the same history: through an asynchronous study with running, pruned and conditional trials, and
 * when the history it is given jumps around (subsets, shuffles, trials left out).
 */
class TpeIncrementalTest {

  @Test
  void warmSamplerAgreesWithAFreshOneAtEveryAsk() {
    for (TpeOptions options :
        List.of(
            TpeOptions.defaults(),
            TpeOptions.defaults().withMultivariate(false),
            TpeOptions.defaults().withScott(true))) {
      TpeSampler warm = sampler(3, options);
      Random r = new Random(3);
      List<TestTrial> h = new ArrayList<>();
      List<Integer> running = new ArrayList<>();
      for (int n = 0; n < 140; n++) {
        if (running.size() >= 4 || (!running.isEmpty() && r.nextBoolean())) {
          int at = running.remove(r.nextInt(running.size()));
          TestTrial t = h.get(at);
          double v = TpeSamplerTest.loss(t.params());
          h.set(
              at,
              r.nextInt(8) == 0
                  ? TestTrial.pruned(at, t.params(), 1 + r.nextInt(3), v)
                  : TestTrial.complete(at, t.params(), v));
        }
        Map<String, Object> p = warm.suggest(TpeSamplerTest.MIXED, n, List.copyOf(h));
        assertThat(p)
            .as("%s trial %d", options, n)
            .isEqualTo(sampler(3, options).suggest(TpeSamplerTest.MIXED, n, List.copyOf(h)));
        h.add(TestTrial.running(n, p));
        running.add(n);
      }
      for (int k = 0; k < 10; k++) {
        List<TestTrial> jumbled = new ArrayList<>(h.subList(0, 60 + r.nextInt(80)));
        jumbled.remove(r.nextInt(jumbled.size()));
        Collections.shuffle(jumbled, r);
        int n = 200 + k;
        assertThat(warm.suggest(TpeSamplerTest.MIXED, n, jumbled))
            .as("%s jumbled %d", options, k)
            .isEqualTo(sampler(3, options).suggest(TpeSamplerTest.MIXED, n, jumbled));
      }
    }
  }

  private static TpeSampler sampler(long seed, TpeOptions options) {
    return new TpeSampler(
        seed,
        Direction.MINIMIZE,
        options,
        Samplers.create(new SamplerSpec("random", seed), Direction.MINIMIZE));
  }
}
