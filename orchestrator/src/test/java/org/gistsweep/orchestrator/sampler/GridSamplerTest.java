package org.gistsweep.orchestrator.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gistsweep.common.spec.SamplerSpec;
import org.gistsweep.common.spec.SearchSpace;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.trial.Direction;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.junit.jupiter.api.Test;

class GridSamplerTest {
  private static final Sampler GRID =
      Samplers.create(new SamplerSpec("grid", 0), Direction.MAXIMIZE);

  private static SearchSpace space(String yaml) {
    return TestSpecs.parse("name: g\nsampler: {type: grid}\nspace:\n" + yaml).space();
  }

  private static List<Map<String, Object>> all(SearchSpace space) {
    long size = GRID.size(space).orElseThrow();
    List<Map<String, Object>> out = new ArrayList<>();
    for (int n = 0; n < size; n++) {
      out.add(GRID.suggest(space, n, List.of()));
    }
    return out;
  }

  @Test
  void enumeratesEveryCombinationOnceInMixedRadixOrder() {
    SearchSpace s =
        space(
            """
              lr: {type: float, low: 0.1, high: 0.3, step: 0.1}
              adapter_dim: {type: int, low: 4, high: 8, step: 4}
              gist_init: {type: categorical, choices: [uniform, zeros]}
            """);
    List<Map<String, Object>> combos = all(s);
    assertThat(combos).hasSize(12);
    assertThat(new HashSet<>(combos)).hasSize(12);
    assertThat(combos.get(0))
        .isEqualTo(Map.of("lr", 0.1, "adapter_dim", 4L, "gist_init", "uniform"));
    assertThat(combos.get(1)).isEqualTo(Map.of("lr", 0.1, "adapter_dim", 4L, "gist_init", "zeros"));
    assertThat(combos.get(11))
        .isEqualTo(Map.of("lr", 0.3, "adapter_dim", 8L, "gist_init", "zeros"));
    Set<Object> lrs = new HashSet<>();
    combos.forEach(c -> lrs.add(c.get("lr")));
    assertThat(lrs).containsExactlyInAnyOrder(0.1, 0.2, 0.3);
  }

  @Test
  void inactiveConditionalParametersAreAbsentAndNeverDuplicated() {
    SearchSpace s =
        space(
            """
              peft: {type: categorical, choices: [adapter, lora, linear]}
              lora_rank: {type: int, low: 4, high: 8, step: 4, when: {peft: lora}}
              adapter_dim: {type: int, low: 2, high: 6, step: 2, when: {peft: [adapter]}}
              gist: {type: categorical, choices: [true, false]}
            """);
    List<Map<String, Object>> combos = all(s);
    // adapter: 3 dims x 2, lora: 2 ranks x 2, linear: 2
    assertThat(combos).hasSize(12);
    assertThat(new HashSet<>(combos)).hasSize(12);
    for (Map<String, Object> c : combos) {
      assertThat(c.containsKey("lora_rank")).isEqualTo("lora".equals(c.get("peft")));
      assertThat(c.containsKey("adapter_dim")).isEqualTo("adapter".equals(c.get("peft")));
    }
    assertThat(combos).contains(Map.of("peft", "linear", "gist", false));
  }

  @Test
  void floatWithoutStepIsRejectedNamingTheParameter() {
    SearchSpace s = space("  lr: {type: float, low: 0.001, high: 0.1}\n");
    assertThatThrownBy(() -> GRID.size(s))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("grid sampler needs step for float parameter lr")
        .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo("space.lr.step"));
  }

  @Test
  void emptySpaceIsOneCombinationAndBeyondTheGridIsAnError() {
    SearchSpace s = new SearchSpace(List.of());
    assertThat(GRID.size(s)).hasValue(1);
    assertThat(GRID.suggest(s, 0, List.of())).isEmpty();
    assertThatThrownBy(() -> GRID.suggest(s, 1, List.of()))
        .hasMessageContaining("has 1 combinations");
  }

  @Test
  void largeUnconditionalGridsAreCountedWithoutListingAndOverflowIsAnError() {
    List<String> names =
        List.of(
            "lr", "weight_decay", "gist_dropout", "drop_path", "adapter_scale", "gist_ce_weight");
    assertThat(GRID.size(fineGrid(names.subList(0, 4)))).hasValue((long) Math.pow(5000, 4));
    assertThat(GRID.suggest(fineGrid(names.subList(0, 4)), 5001, List.of()))
        .containsEntry("lr", 0.0001)
        .containsEntry("gist_dropout", 0.0002)
        .containsEntry("drop_path", 0.0002);
    assertThatThrownBy(() -> GRID.size(fineGrid(names)))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("more than 2^63 combinations");
  }

  private static SearchSpace fineGrid(List<String> names) {
    StringBuilder yaml = new StringBuilder();
    for (String name : names) {
      yaml.append("  ")
          .append(name)
          .append(": {type: float, low: 0.0001, high: 0.5, step: 0.0001}\n");
    }
    return space(yaml.toString());
  }
}
