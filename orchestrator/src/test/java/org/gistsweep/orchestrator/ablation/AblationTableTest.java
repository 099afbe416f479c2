package org.gistsweep.orchestrator.ablation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gistsweep.orchestrator.ablation.AblationTable.Line;
import org.junit.jupiter.api.Test;

/** The table model against values computed by hand. */
class AblationTableTest {
  static AblationTrial done(int number, Map<String, Object> params, double value) {
    return new AblationTrial(number, "COMPLETE", params, value, value);
  }

  static Map<String, Object> p(boolean gist, String peft, int seed) {
    return Map.of("gist", gist, "peft", peft, "seed", seed);
  }

  /**
   * adapter: GIST on at seeds 1-3 (0.70, 0.74, 0.72), off at seeds 1-2 (0.66, 0.68; seed 3 FAILED);
   * lora: one seed each (0.60 on, 0.61 off), and a PRUNED trial.
   */
  static StudyResults unequal() {
    return new StudyResults(
        "s",
        "val_top1",
        "maximize",
        List.of(
            done(0, p(true, "adapter", 1), 0.70),
            done(1, p(false, "adapter", 1), 0.66),
            done(2, p(true, "adapter", 2), 0.74),
            done(3, p(false, "adapter", 2), 0.68),
            done(4, p(true, "adapter", 3), 0.72),
            new AblationTrial(5, "FAILED", p(false, "adapter", 3), null, null),
            done(6, p(true, "lora", 1), 0.60),
            done(7, p(false, "lora", 1), 0.61),
            new AblationTrial(8, "PRUNED", p(true, "lora", 2), 0.30, 0.30)));
  }

  static Line row(AblationTable t, String label) {
    return t.lines().stream()
        .filter(l -> l.label().equals(label))
        .findFirst()
        .orElseThrow(() -> new AssertionError(label + " in " + t.lines()));
  }

  @Test
  void cellsWithUnequalNAMissingPartnerAndOneTrial() {
    AblationTable t = AblationTable.of(unequal(), AblationQuery.defaults());
    assertThat(t.levels()).containsExactly("true", "false");
    assertThat(t.over()).isEqualTo("seed");
    assertThat(t.rows()).isNull();
    assertThat(t.lines()).extracting(Line::label).containsExactly("peft=adapter", "peft=lora");

    Line adapter = row(t, "peft=adapter");
    assertThat(adapter.cells().get("true").mean()).isCloseTo(0.72, within(1e-12));
    assertThat(adapter.cells().get("true").std()).isCloseTo(0.02, within(1e-12));
    assertThat(adapter.cells().get("true").n()).isEqualTo(3);
    assertThat(adapter.cells().get("true").trials()).containsExactly(0, 2, 4);
    assertThat(adapter.cells().get("false").mean()).isCloseTo(0.67, within(1e-12));
    assertThat(adapter.cells().get("false").std()).isCloseTo(Math.sqrt(2) * 0.01, within(1e-12));
    assertThat(adapter.cells().get("false").n()).isEqualTo(2);

    // pairs: seed 1 (+0.04) and seed 2 (+0.06); sd = 0.01·√2, se = 0.01, t = 5 on 1 df
    Difference d = adapter.difference();
    assertThat(d.n()).isEqualTo(2);
    assertThat(d.mean()).isCloseTo(0.05, within(1e-12));
    assertThat(d.t()).isCloseTo(5.0, within(1e-9));
    double t1 = 12.706204736174698; // t(0.975, 1) = tan(0.475·π)
    assertThat(Math.tan(0.475 * Math.PI)).isCloseTo(t1, within(1e-9));
    assertThat(d.ciLow()).isCloseTo(0.05 - t1 * 0.01, within(1e-9));
    assertThat(d.ciHigh()).isCloseTo(0.05 + t1 * 0.01, within(1e-9));
    assertThat(d.p())
        .as("Cauchy: p = 2/π·atan(1/t)")
        .isCloseTo(2 / Math.PI * Math.atan(1 / 5.0), within(1e-7));

    Line lora = row(t, "peft=lora");
    assertThat(lora.cells().get("true").n()).isEqualTo(1);
    assertThat(lora.cells().get("true").std()).isNaN();
    assertThat(lora.difference().n()).isEqualTo(1);
    assertThat(lora.difference().mean()).isCloseTo(-0.01, within(1e-12));
    assertThat(lora.difference().hasInterval()).isFalse();

    // overall: +0.04, +0.06, -0.01 -> mean 0.03, sd √0.0013, t on 2 df
    Difference all = t.overall();
    assertThat(all.n()).isEqualTo(3);
    assertThat(all.mean()).isCloseTo(0.03, within(1e-12));
    assertThat(all.std()).isCloseTo(Math.sqrt(0.0013), within(1e-12));
    double se = Math.sqrt(0.0013) / Math.sqrt(3);
    double t2 = 0.95 / Math.sqrt(2 * 0.975 * 0.025); // t(0.975, 2), closed form for 2 df: 4.302653
    assertThat(t2).isCloseTo(4.302653, within(1e-6));
    assertThat(all.ciLow()).isCloseTo(0.03 - t2 * se, within(1e-9));
    assertThat(all.ciHigh()).isCloseTo(0.03 + t2 * se, within(1e-9));
    double tStat = 0.03 / se;
    assertThat(all.p())
        .as("2 df: p = 1 - t/√(2+t²)")
        .isCloseTo(1 - tStat / Math.sqrt(2 + tStat * tStat), within(1e-7));
    assertThat(all.ciLow()).as("the interval crosses zero and is shown").isNegative();

    assertThat(t.excluded()).containsExactly(Map.entry("FAILED", 1), Map.entry("PRUNED", 1));
    assertThat(t.unpaired())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.trial()).isEqualTo(4);
              assertThat(u.params()).containsEntry("seed", "3").containsEntry("gist", "true");
            });
    assertThat(t.caption())
        .contains(
            "best epoch's value (value=best)",
            "sample std (n−1 denominator) over seed",
            "n = 1 to 3 per cell (unequal)",
            "std is \"-\" where n = 1",
            "Δ = gist=true − gist=false",
            "95% CI",
            "two-sided paired t-test p",
            "Excluded, never averaged: 1 FAILED, 1 PRUNED",
            "1 trial without a partner, in no Δ: #4 (gist=true, peft=adapter, seed=3)");
  }

  @Test
  void theStudentTQuantileAndPValueMatchTables() {
    assertThat(StudentT.quantile975(4)).isCloseTo(2.776445, within(1e-6));
    assertThat(StudentT.quantile975(30)).isCloseTo(2.042272, within(1e-6));
    assertThat(StudentT.twoSidedP(2.776445, 4)).isCloseTo(0.05, within(1e-6));
    assertThat(StudentT.twoSidedP(0, 7)).isCloseTo(1.0, within(1e-12));
    assertThat(StudentT.twoSidedP(40, 30))
        .as("far tail, no cancellation")
        .isPositive()
        .isLessThan(1e-25);
  }

  @Test
  void levelsPickTheOrderOfTheDifference() {
    AblationTable t =
        AblationTable.of(unequal(), AblationQuery.parse(Map.of("levels", "false,true")));
    assertThat(t.levels()).containsExactly("false", "true");
    assertThat(t.overall().mean()).isCloseTo(-0.03, within(1e-12));
    assertThat(t.caption()).contains("Δ = gist=false − gist=true");
  }

  @Test
  void byWithThreeLevelsHasNoDifferenceUnlessTwoAreChosen() {
    List<AblationTrial> trials = new ArrayList<>();
    String[] pefts = {"lora", "adapter", "vpt_deep"};
    for (int i = 0; i < pefts.length; i++) {
      for (int seed = 1; seed <= 2; seed++) {
        trials.add(
            done(
                trials.size(),
                Map.of("peft", pefts[i], "seed", seed),
                0.5 + 0.1 * i + 0.01 * seed));
      }
    }
    StudyResults s = new StudyResults("s", "val_top1", "maximize", trials);
    AblationTable all = AblationTable.of(s, AblationQuery.parse(Map.of("by", "peft")));
    assertThat(all.levels()).containsExactly("adapter", "lora", "vpt_deep");
    assertThat(all.paired()).isFalse();
    assertThat(all.overall()).isNull();
    assertThat(all.lines()).singleElement().satisfies(l -> assertThat(l.label()).isEqualTo("all"));

    AblationTable two =
        AblationTable.of(s, AblationQuery.parse(Map.of("by", "peft", "levels", "vpt_deep,lora")));
    assertThat(two.overall().mean()).isCloseTo(0.2, within(1e-12));
    assertThat(two.overall().std()).isCloseTo(0.0, within(1e-12));
    assertThat(two.overall().p()).as("every d equal").isEqualTo(0.0);
    assertThat(two.excluded()).containsEntry("peft=adapter (not among levels)", 2);
  }

  @Test
  void valueLastUsesTheLastEpochAndExcludesTrialsWithout() {
    StudyResults s =
        new StudyResults(
            "s",
            "val_top1",
            "maximize",
            List.of(
                new AblationTrial(0, "COMPLETE", Map.of("gist", true, "seed", 1), 0.80, 0.75),
                new AblationTrial(1, "COMPLETE", Map.of("gist", false, "seed", 1), 0.78, 0.77),
                new AblationTrial(2, "COMPLETE", Map.of("gist", true, "seed", 2), 0.82, 0.81),
                new AblationTrial(3, "COMPLETE", Map.of("gist", false, "seed", 2), 0.79, null)));
    AblationTable best = AblationTable.of(s, AblationQuery.defaults());
    assertThat(best.lines().get(0).cells().get("true").mean()).isCloseTo(0.81, within(1e-12));
    assertThat(best.lines().get(0).cells().get("false").mean()).isCloseTo(0.785, within(1e-12));
    assertThat(best.overall().mean()).isCloseTo((0.02 + 0.03) / 2, within(1e-12));
    assertThat(best.caption()).contains("value=best");

    AblationTable last = AblationTable.of(s, AblationQuery.parse(Map.of("value", "last")));
    assertThat(last.lines().get(0).cells().get("true").mean()).isCloseTo(0.78, within(1e-12));
    assertThat(last.lines().get(0).cells().get("false").mean()).isCloseTo(0.77, within(1e-12));
    assertThat(last.lines().get(0).cells().get("false").n()).isEqualTo(1);
    assertThat(last.overall().n()).isEqualTo(1);
    assertThat(last.overall().mean()).isCloseTo(-0.02, within(1e-12));
    assertThat(last.excluded())
        .containsExactly(Map.entry("COMPLETE without a last-epoch value", 1));
    assertThat(last.unpaired()).extracting(AblationTable.Unpaired::trial).containsExactly(2);
    assertThat(last.caption()).contains("the last recorded epoch's value (value=last)");
  }

  @Test
  void aParameterTheStudyLacksIsA400NamingTheFieldAndTheParameters() {
    assertThatThrownBy(
            () -> AblationTable.of(unequal(), AblationQuery.parse(Map.of("by", "kl_weight"))))
        .isInstanceOfSatisfying(
            AblationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("by");
              assertThat(e.parameters()).containsExactly("gist", "peft", "seed");
              assertThat(e.getMessage()).contains("'kl_weight'", "gist, peft, seed");
            });
    assertThatThrownBy(
            () -> AblationTable.of(unequal(), AblationQuery.parse(Map.of("rows", "task"))))
        .isInstanceOfSatisfying(
            AblationException.class, e -> assertThat(e.field()).isEqualTo("rows"));
    assertThatThrownBy(
            () -> AblationTable.of(unequal(), AblationQuery.parse(Map.of("over", "gist"))))
        .isInstanceOfSatisfying(
            AblationException.class, e -> assertThat(e.field()).isEqualTo("over"));
    assertThatThrownBy(
            () ->
                AblationTable.of(
                    unequal(),
                    AblationQuery.parse(Map.of("by", "peft", "levels", "adapter,lora,vpt"))))
        .isInstanceOfSatisfying(
            AblationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("levels");
              assertThat(e.getMessage()).contains("exactly two");
            });
    assertThatThrownBy(
            () ->
                AblationTable.of(
                    unequal(),
                    AblationQuery.parse(Map.of("by", "peft", "levels", "adapter,prefix"))))
        .isInstanceOfSatisfying(
            AblationException.class,
            e -> assertThat(e.getMessage()).contains("'prefix'", "adapter, lora"));
    assertThatThrownBy(() -> AblationQuery.parse(Map.of("value", "final")))
        .isInstanceOfSatisfying(
            AblationException.class, e -> assertThat(e.field()).isEqualTo("value"));
    assertThatThrownBy(() -> AblationQuery.parse(Map.of("avg", "median")))
        .isInstanceOfSatisfying(
            AblationException.class, e -> assertThat(e.field()).isEqualTo("avg"));
    assertThatThrownBy(() -> AblationQuery.parse(Map.of("bye", "gist")))
        .isInstanceOfSatisfying(
            AblationException.class, e -> assertThat(e.field()).isEqualTo("bye"));
  }

  @Test
  void numbersFromJsonAndFromMemoryGroupAlike() {
    assertThat(Levels.canonical(1))
        .isEqualTo(Levels.canonical(1L))
        .isEqualTo(Levels.canonical(1.0))
        .isEqualTo("1");
    assertThat(Levels.canonical(1.0e-4)).isEqualTo("0.0001");
    assertThat(Levels.sorted(List.of("10", "2", "0.5"))).containsExactly("0.5", "2", "10");
    assertThat(Levels.sorted(List.of("false", "true"))).containsExactly("true", "false");
  }
}
