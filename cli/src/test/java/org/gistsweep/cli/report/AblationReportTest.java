package org.gistsweep.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AblationReportTest {
  /** Every VTAB task, GIST on and off, two seeds: on scores 0.02 above off, except a failed trial. */
  private static List<AblationReport.TrialRow> vtabSweep() {
    List<AblationReport.TrialRow> rows = new ArrayList<>();
    int i = 0;
    for (List<String> tasks : VtabGroups.GROUPS.values()) {
      for (String task : tasks) {
        double base = 0.5 + 0.01 * i++;
        for (int seed : new int[] {42, 43}) {
          double noise = seed == 42 ? -0.01 : 0.01;
          rows.add(new AblationReport.TrialRow("COMPLETE", Map.of("task", task, "gist", true, "seed", seed), base + 0.02 + noise));
          rows.add(new AblationReport.TrialRow("COMPLETE", Map.of("task", task, "gist", false, "seed", seed), base + noise));
        }
      }
    }
    rows.add(new AblationReport.TrialRow("FAILED", Map.of("task", "cifar", "gist", true, "seed", 44), null));
    rows.add(new AblationReport.TrialRow("PRUNED", Map.of("task", "cifar", "gist", true, "seed", 45), 0.0));
    return rows;
  }

  @Test
  void perTaskMeansGroupMeansAndTheirMean() {
    AblationReport r = AblationReport.of(vtabSweep(), "gist");
    assertThat(r.tasks()).hasSize(19);
    assertThat(r.tasks().keySet()).startsWith("cifar", "caltech101").endsWith("smallnorb_ele");
    AblationReport.Cell cifarOn = r.tasks().get("cifar").get("true");
    assertThat(cifarOn.n()).as("only COMPLETE trials count").isEqualTo(2);
    assertThat(cifarOn.mean()).isCloseTo(0.52, within(1e-12));
    assertThat(cifarOn.sd()).isCloseTo(Math.sqrt(2) * 0.01, within(1e-12));
    double natural = (0.50 + 0.51 + 0.52 + 0.53 + 0.54 + 0.55 + 0.56) / 7;
    assertThat(r.groupMean("Natural", "false")).isCloseTo(natural, within(1e-12));
    assertThat(r.groupMean("Natural", "true")).isCloseTo(natural + 0.02, within(1e-12));
    double specialized = (0.57 + 0.58 + 0.59 + 0.60) / 4;
    double structured = (0.61 + 0.62 + 0.63 + 0.64 + 0.65 + 0.66 + 0.67 + 0.68) / 8;
    assertThat(r.meanOfGroups("false")).isCloseTo((natural + specialized + structured) / 3, within(1e-12));
    assertThat(r.meanOfTasks("false")).isCloseTo(0.59, within(1e-12));
    String text = r.render();
    assertThat(text).contains("gist=true").contains("gist=false").contains("+2.00").contains("Mean of the 3 groups");
    assertThat(text.lines().filter(l -> l.startsWith("Natural (7 tasks)"))).singleElement().asString().contains("+2.00");
  }

  @Test
  void aGroupWithAMissingTaskHasNoMean() {
    List<AblationReport.TrialRow> rows = new ArrayList<>(vtabSweep());
    rows.removeIf(t -> "dtd".equals(t.params().get("task")) && Boolean.FALSE.equals(t.params().get("gist")));
    AblationReport r = AblationReport.of(rows, "gist");
    assertThat(r.groupMean("Natural", "false")).isNull();
    assertThat(r.groupMean("Natural", "true")).isNotNull();
    assertThat(r.meanOfGroups("false")).isNull();
    assertThat(r.render()).contains("n/a");
  }

  @Test
  void aSweepWithoutTasksOrTheParameterIsExplained() {
    AblationReport r = AblationReport.of(List.of(new AblationReport.TrialRow("COMPLETE", Map.of("gist", true), 0.6)), "gist");
    assertThat(r.tasks()).containsOnlyKeys("(fixed task)");
    assertThatThrownBy(() -> AblationReport.of(List.of(new AblationReport.TrialRow("COMPLETE", Map.of("lr", 0.1), 0.6)), "gist"))
        .hasMessageContaining("no COMPLETE trial has a parameter 'gist'");
  }
}
