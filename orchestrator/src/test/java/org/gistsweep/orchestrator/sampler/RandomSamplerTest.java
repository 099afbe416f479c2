package org.gistsweep.orchestrator.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.spec.SamplerSpec;
import org.gistsweep.common.spec.SearchSpace;
import org.gistsweep.common.trial.Direction;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.junit.jupiter.api.Test;

class RandomSamplerTest {
  private static final SearchSpace SPACE =
      TestSpecs.parse(
              """
              name: s
              space:
                lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
                gist_dropout: {type: float, low: 0.0, high: 0.5, step: 0.1}
                adapter_dim: {type: int, low: 2, high: 16, step: 2}
                lora_rank: {type: int, low: 1, high: 64, log: true}
                peft: {type: categorical, choices: [adapter, lora]}
                lora_alpha: {type: float, low: 1.0, high: 32.0, when: {peft: lora}}
              """)
          .space();

  private static Sampler sampler(long seed) {
    return Samplers.create(new SamplerSpec("random", seed), Direction.MAXIMIZE);
  }

  @Test
  void sameSeedAndNumberGiveSameParamsWhateverTheCallOrder() {
    Sampler forward = sampler(7);
    Sampler backward = sampler(7);
    Map<Integer, Map<String, Object>> a = new HashMap<>();
    Map<Integer, Map<String, Object>> b = new HashMap<>();
    for (int n = 0; n < 50; n++) {
      a.put(n, forward.suggest(SPACE, n, List.of()));
    }
    for (int n = 49; n >= 0; n--) {
      b.put(n, backward.suggest(SPACE, n, List.of()));
    }
    assertThat(a).isEqualTo(b);
    assertThat(sampler(8).suggest(SPACE, 3, List.of())).isNotEqualTo(a.get(3));
    assertThat(a.get(3)).isNotEqualTo(a.get(4));
  }

  @Test
  void valuesLieInTheirRangesWithStepsAndTypes() {
    Sampler s = sampler(1);
    for (int n = 0; n < 500; n++) {
      Map<String, Object> p = s.suggest(SPACE, n, List.of());
      SPACE.parameters().stream()
          .filter(spec -> p.containsKey(spec.name()))
          .forEach(
              spec ->
                  assertThat(spec.distribution().contains(p.get(spec.name())))
                      .as("%s=%s", spec.name(), p.get(spec.name()))
                      .isTrue());
      assertThat(p.get("lr")).isInstanceOf(Double.class);
      assertThat(p.get("adapter_dim")).isInstanceOf(Long.class);
      assertThat((Long) p.get("adapter_dim") % 2).isZero();
      double dropout = (Double) p.get("gist_dropout");
      assertThat(Math.abs(dropout * 10 - Math.rint(dropout * 10))).isLessThan(1e-9);
    }
  }

  @Test
  void logParametersAreSpreadOverDecades() {
    Sampler s = sampler(3);
    List<Double> lrs = new ArrayList<>();
    for (int n = 0; n < 1000; n++) {
      lrs.add((Double) s.suggest(SPACE, n, List.of()).get("lr"));
    }
    long belowMilli = lrs.stream().filter(v -> v < 1e-3).count();
    // log-uniform over 3 decades puts ~1/3 below 1e-3; uniform would put ~1%.
    assertThat(belowMilli).isBetween(250L, 420L);
  }

  @Test
  void conditionalParametersAppearOnlyWhenActive() {
    Sampler s = sampler(5);
    int lora = 0;
    for (int n = 0; n < 200; n++) {
      Map<String, Object> p = s.suggest(SPACE, n, List.of());
      boolean active = "lora".equals(p.get("peft"));
      assertThat(p.containsKey("lora_alpha")).isEqualTo(active);
      lora += active ? 1 : 0;
      assertThat(new ArrayList<>(p.keySet()))
          .as("declaration order")
          .isSubsetOf(SPACE.byName().keySet())
          .startsWith("lr", "gist_dropout", "adapter_dim", "lora_rank", "peft");
    }
    assertThat(lora).isBetween(60, 140);
  }

  @Test
  void unboundedSize() {
    assertThat(sampler(0).size(SPACE)).isEmpty();
  }
}
