package org.gistsweep.orchestrator.ablation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every format renders the same model: the same numbers, escaped user strings, the caption. */
class AblationRenderingTest {
  private static final AblationTable UNEQUAL =
      AblationTable.of(AblationTableTest.unequal(), AblationQuery.defaults());

  @Test
  void jsonCarriesFullPrecisionAndNullForUndefinedNumbers() throws Exception {
    JsonNode json = new ObjectMapper().readTree(AblationFormat.JSON.render(UNEQUAL));
    JsonNode adapter = json.get("lines").get(0);
    assertThat(adapter.get("label").asText()).isEqualTo("peft=adapter");
    assertThat(adapter.get("cells").get("false").get("std").asDouble())
        .isEqualTo(UNEQUAL.lines().get(0).cells().get("false").std());
    assertThat(adapter.get("difference").get("p").asDouble())
        .isEqualTo(UNEQUAL.lines().get(0).difference().p());
    JsonNode lora = json.get("lines").get(1);
    assertThat(lora.get("cells").get("true").get("std").isNull()).isTrue();
    assertThat(lora.get("difference").get("ci_low").isNull()).isTrue();
    assertThat(json.get("overall").get("n").asInt()).isEqualTo(3);
    assertThat(json.get("excluded").get("FAILED").asInt()).isEqualTo(1);
    assertThat(json.get("unpaired").get(0).get("trial").asInt()).isEqualTo(4);
    assertThat(json.get("caption").asText()).isEqualTo(UNEQUAL.caption());
    assertThat(json.get("value").asText()).isEqualTo("best");
    assertThat(json.get("avg").asText()).isEqualTo("groups");
  }

  @Test
  void markdownIsAGithubTableWithNPerCellWhenUnequalAndTheCaption() {
    String md = AblationFormat.MD.render(UNEQUAL);
    List<String> lines = md.lines().toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "| configuration | gist=true | gist=false | Δ (true − false) | 95% CI | p | pairs |");
    assertThat(lines.get(1)).isEqualTo("|---|--:|--:|--:|:-:|--:|--:|");
    assertThat(lines.get(2))
        .isEqualTo(
            "| peft=adapter | 72.00 ± 2.00 (3) | 67.00 ± 1.41 (2) | +5.00 | [-7.71, +17.71] | 0.126"
                + " | 2 |");
    assertThat(lines.get(3))
        .isEqualTo("| peft=lora | 60.00 ± - (1) | 61.00 ± - (1) | -1.00 | - | - | 1 |");
    assertThat(lines.get(4)).startsWith("| **All pairs** |  |  | +3.00 | [");
    assertThat(lines.get(6)).isEqualTo(UNEQUAL.caption().replace("<", "&lt;"));
  }

  @Test
  void csvHasOneLinePerCellThenTheDifferences() {
    List<String> csv = AblationFormat.CSV.render(UNEQUAL).lines().toList();
    assertThat(csv.get(0))
        .isEqualTo("kind,configuration,group,gist,mean,std,n,ci_low,ci_high,t,p,trials");
    assertThat(csv.get(1)).startsWith("cell,peft=adapter,,true,0.72").endsWith(",3,,,,,0 2 4");
    assertThat(csv.get(3)).isEqualTo("cell,peft=lora,,true,0.6,,1,,,,,6");
    assertThat(csv).filteredOn(l -> l.startsWith("difference,")).hasSize(3);
    assertThat(csv.get(csv.size() - 1)).startsWith("difference,all pairs,,true-false,");
  }

  @Test
  void userStringsCannotBreakTheFormats() {
    StudyResults s =
        new StudyResults(
            "s",
            "loss",
            "minimize",
            List.of(
                AblationTableTest.done(
                    0, Map.of("gist", true, "note", "=HYPERLINK(\"x\")|a_b"), 0.5),
                AblationTableTest.done(
                    1, Map.of("gist", false, "note", "=HYPERLINK(\"x\")|a_b"), 0.4),
                AblationTableTest.done(2, Map.of("gist", true, "note", "plain"), 0.5),
                AblationTableTest.done(3, Map.of("gist", false, "note", "plain"), 0.4)));
    AblationTable t = AblationTable.of(s, AblationQuery.parse(Map.of("rows", "note")));
    assertThat(t.percent()).as("loss is not an accuracy").isFalse();
    assertThat(AblationFormat.MD.render(t))
        .contains("| =HYPERLINK(\"x\")\\|a_b | 0.5000 ± - | 0.4000 ± - | +0.1000 |");
    assertThat(AblationFormat.CSV.render(t))
        .contains("cell,\"'=HYPERLINK(\"\"x\"\")|a_b\",,true,0.5,");
    String tex = AblationFormat.TEX.render(t);
    assertThat(tex).contains("=HYPERLINK(\"x\")|a\\_b & 0.5000 & \\textbf{0.4000} &");
  }

  @Test
  void textKeepsTheReportLayout() {
    String text = AblationFormat.TEXT.render(UNEQUAL);
    assertThat(text).startsWith("Study s: val_top1 by gist (values in %)\n\n");
    assertThat(text)
        .contains(
            "gist=true", "gist=false", "Δ (true − false)", "All pairs", "Excluded, never averaged");
    List<String> table = text.lines().toList();
    assertThat(table.get(2)).startsWith("configuration");
    assertThat(table.get(3)).matches("-+");
    assertThat(table.get(4)).startsWith("peft=adapter").contains("72.00 ± 2.00 (3)", "+5.00");
    assertThat(text.lines().filter(l -> l.length() > 100))
        .as("the caption wraps")
        .allMatch(
            l ->
                l.contains("|")
                    || l.startsWith("peft")
                    || l.startsWith("All")
                    || l.startsWith("configuration")
                    || l.matches("-+"));
  }
}
