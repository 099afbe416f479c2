package org.gistsweep.orchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.gistsweep.common.spec.AskTellSpecParser;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.orchestrator.journal.JournalCodec;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.junit.jupiter.api.Test;

/**
 * The caps: each refusal names the field, the cap and the option; nothing is listed to check one.
 */
class StudyLimitsTest {
  private static final StudyLimits LIMITS = StudyLimits.DEFAULTS;

  private static SweepSpec sweep(String budget, String sampler, String space) {
    return TestSpecs.parse(
        "name: s\nbudget: " + budget + "\nsampler: {type: " + sampler + "}\nspace:\n" + space);
  }

  private static void assertRefused(ThrowingCallable check, String field, String... fragments) {
    assertThatThrownBy(check)
        .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContainingAll(fragments);
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    assertThat(LIMITS).isEqualTo(new StudyLimits(100_000, 1_024, 1_000_000));
    assertThatThrownBy(() -> new StudyLimits(0, 1, 1))
        .hasMessageContaining("--max-trials must be at least 1");
    assertThatThrownBy(() -> new StudyLimits(1, 1, 0)).hasMessageContaining("--max-grid");
  }

  @Test
  void aSweepBudgetOverTheCapsNamesTheFieldTheCapAndTheOption() {
    String space = "  lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}\n";
    assertRefused(
        () ->
            LIMITS.check(
                sweep("{trials: 2147483647, parallel: 2147483647}", "random", space), false),
        "budget.trials",
        "is 2147483647",
        "at most 100000",
        "--max-trials");
    assertRefused(
        () -> LIMITS.check(sweep("{trials: 10, parallel: 2147483647}", "random", space), false),
        "budget.parallel",
        "is 2147483647",
        "at most 1024",
        "--max-parallel");
    assertThatCode(
            () -> LIMITS.check(sweep("{trials: 100000, parallel: 1024}", "tpe", space), false))
        .doesNotThrowAnyException();
    assertRefused(
        () ->
            new StudyLimits(5, 2, 100)
                .check(
                    TestSpecs.parse(
                        """
                        name: e
                        budget: {trials: 6, parallel: 1}
                        space: {lr: {type: float, low: 0.001, high: 0.1}}
                        """),
                    false),
        "budget.trials",
        "at most 5");
  }

  @Test
  void anAskTellStudyIsCheckedOnlyOnTheTrialsItGives() {
    SweepSpec over =
        AskTellSpecParser.parse(
            JournalCodec.tree(
                Map.of(
                    "directions",
                    List.of("minimize"),
                    "space",
                    Map.of("x", Map.of("type", "float", "low", 0, "high", 1)),
                    "trials",
                    100_001)));
    assertRefused(() -> LIMITS.check(over, true), "trials", "is 100001", "--max-trials");
    SweepSpec unbounded = AskTellSpecParser.parse(JournalCodec.tree(Map.of("space", Map.of())));
    assertThatCode(() -> LIMITS.check(unbounded, true)).doesNotThrowAnyException();
    assertThatThrownBy(() -> LIMITS.checkAsk("s", 100_000))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("--max-trials");
    assertThatCode(() -> LIMITS.checkAsk("s", 99_999)).doesNotThrowAnyException();
  }

  @Test
  void aGridIsRefusedOnOneParametersValuesOrOnTheProductWithoutListingAnything() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          assertRefused(
              () ->
                  LIMITS.check(
                      sweep(
                          "{trials: 10}",
                          "grid",
                          "  seed: {type: int, low: 0, high: 2147483647}\n"),
                      false),
              "space.seed",
              "has 2147483648 grid values",
              "at most 1000000 grid combinations",
              "--max-grid");
          assertRefused(
              () ->
                  LIMITS.check(
                      sweep(
                          "{trials: 10}",
                          "grid",
                          """
                            seed: {type: int, low: 0, high: 999999}
                            epochs: {type: int, low: 1, high: 100000}
                            batch_size: {type: int, low: 1, high: 65536}
                          """),
                      false),
              "space",
              "the grid has 6553600000000000 combinations",
              "--max-grid");
        });
    assertThatCode(
            () ->
                LIMITS.check(
                    sweep("{trials: 10}", "grid", "  seed: {type: int, low: 0, high: 999999}\n"),
                    false))
        .doesNotThrowAnyException();
    assertRefused(
        () ->
            LIMITS.check(
                sweep("{trials: 10}", "grid", "  lr: {type: float, low: 0.1, high: 0.2}\n"), false),
        "space.lr.step",
        "needs step");
  }

  @Test
  void aConditionalGridIsLeftToItsExactCount() {
    SweepSpec conditional =
        sweep(
            "{trials: 10}",
            "grid",
            """
              peft: {type: categorical, choices: [lora, adapter]}
              lora_rank: {type: int, low: 1, high: 1000, when: {peft: lora}}
              adapter_dim: {type: int, low: 1, high: 1000, when: {peft: adapter}}
            """);
    StudyLimits small = new StudyLimits(10, 2, 1_999);
    assertThatCode(() -> small.check(conditional, false))
        .as("the product 2,000,000 is only a bound")
        .doesNotThrowAnyException();
    assertRefused(
        () -> small.checkGrid(2_000), "space", "the grid has 2000 combinations", "at most 1999");
    assertRefused(() -> small.checkGrid(Long.MAX_VALUE), "space", "more than 2^63");
    assertThatCode(() -> small.checkGrid(1_999)).doesNotThrowAnyException();
  }

  @Test
  void budgetControlsAreCheckedOnWhatTheyGive() {
    assertRefused(
        () -> LIMITS.checkBudget(Map.of("trials", Integer.MAX_VALUE)),
        "trials",
        "at most 100000",
        "--max-trials");
    assertRefused(
        () -> LIMITS.checkBudget(Map.of("parallel", 4096)),
        "parallel",
        "at most 1024",
        "--max-parallel");
    assertThatCode(() -> LIMITS.checkBudget(Map.of("trials", 100_000, "parallel", 1_024)))
        .doesNotThrowAnyException();
  }
}
