package org.gistsweep.orchestrator.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.spec.CategoricalDistribution;
import org.gistsweep.common.spec.FloatDistribution;
import org.gistsweep.common.spec.IntDistribution;
import org.gistsweep.common.spec.ParameterSpec;
import org.gistsweep.common.spec.SamplerSpec;
import org.gistsweep.common.spec.SearchSpace;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.trial.Direction;
import org.junit.jupiter.api.Test;

/**
 * Grid counts: O(1) per parameter and overflow-safe whatever the range, the product as an upper
 * bound of a conditional grid, and a grid over the widest ranges numbered without listing them.
 */
class GridCountsTest {
  private static final long MAX = IntDistribution.MAX_MAGNITUDE;
  private static final Duration HANG = Duration.ofSeconds(20);

  private static ParameterSpec widest(String name) {
    return new ParameterSpec(name, new IntDistribution(-MAX, MAX, false, 1), Map.of());
  }

  private static ParameterSpec ints(String name, long high, Map<String, List<Object>> when) {
    return new ParameterSpec(name, new IntDistribution(1, high, false, 1), when);
  }

  private static ParameterSpec choice(String name, Object... choices) {
    return new ParameterSpec(name, new CategoricalDistribution(List.of(choices)), Map.of());
  }

  private static Sampler grid() {
    return Samplers.create(new SamplerSpec("grid", 0), Direction.MAXIMIZE);
  }

  @Test
  void valuesOfTheWidestRangesAreCountedNotListed() {
    assertThat(GridCounts.values(widest("x"))).isEqualTo(2 * MAX + 1);
    assertThat(
            GridCounts.values(
                new ParameterSpec("f", new FloatDistribution(0, 1, false, 0x1p-52), Map.of())))
        .isEqualTo((1L << 52) + 1);
    assertThat(GridCounts.values(choice("c", "a", "b", "c"))).isEqualTo(3);
    assertThatThrownBy(
            () ->
                GridCounts.values(
                    new ParameterSpec("lr", new FloatDistribution(0, 1, false, 0), Map.of())))
        .isInstanceOfSatisfying(
            SpecException.class, e -> assertThat(e.field()).isEqualTo("space.lr.step"));
  }

  @Test
  void theUpperBoundSaturatesInsteadOfOverflowing() {
    assertThat(GridCounts.upperBound(new SearchSpace(List.of(widest("a"), widest("b")))))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(
            GridCounts.upperBound(
                new SearchSpace(List.of(ints("a", 1000, Map.of()), choice("c", 1, 2)))))
        .isEqualTo(2000);
    assertThat(GridCounts.upperBound(new SearchSpace(List.of()))).isEqualTo(1);
  }

  @Test
  void aConditionalGridIsSmallerThanItsBoundAndCountedExactly() {
    SearchSpace space =
        new SearchSpace(
            List.of(
                choice("peft", "lora", "adapter", "linear"),
                ints("lora_rank", 1000, Map.of("peft", List.of("lora"))),
                ints("adapter_dim", 1000, Map.of("peft", List.of("adapter")))));
    assertThat(GridCounts.conditional(space)).isTrue();
    assertThat(GridCounts.upperBound(space)).isEqualTo(3_000_000);
    assertThat(grid().size(space)).hasValue(1000 + 1000 + 1);
    assertThat(GridCounts.conditional(new SearchSpace(List.of(choice("c", 1))))).isFalse();
  }

  @Test
  void aGridOverTheWidestRangeIsNumberedWithoutListingIt() {
    SearchSpace space = new SearchSpace(List.of(widest("x")));
    Sampler sampler = grid();
    assertTimeoutPreemptively(
        HANG,
        () -> {
          assertThat(sampler.size(space)).hasValue(2 * MAX + 1);
          assertThat(sampler.suggest(space, Integer.MAX_VALUE, List.of()))
              .containsEntry("x", -MAX + Integer.MAX_VALUE);
        });
    SearchSpace two = new SearchSpace(List.of(widest("x"), widest("y")));
    assertTimeoutPreemptively(
        HANG,
        () ->
            assertThatThrownBy(() -> grid().size(two))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("more than 2^63 combinations"));
  }

  @Test
  void conditionsOnParametersWithManyValuesStopCountingAtTheStepLimit() {
    // every (a, b) pair is a distinct case for z's condition: 10^10 cases, each counted once at
    // most
    SearchSpace space =
        new SearchSpace(
            List.of(
                ints("a", 100_000, Map.of()),
                ints("b", 100_000, Map.of()),
                new ParameterSpec(
                    "z",
                    new CategoricalDistribution(List.of(true, false)),
                    Map.of("a", List.of(1L), "b", List.of(1L)))));
    assertTimeoutPreemptively(
        HANG,
        () ->
            assertThatThrownBy(() -> grid().size(space))
                .isInstanceOfSatisfying(
                    SpecException.class, e -> assertThat(e.field()).isEqualTo("space"))
                .hasMessageContaining("steps to count"));
  }
}
