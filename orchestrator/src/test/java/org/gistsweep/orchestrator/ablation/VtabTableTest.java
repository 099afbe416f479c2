package org.gistsweep.orchestrator.ablation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gistsweep.orchestrator.ablation.AblationTable.Kind;
import org.gistsweep.orchestrator.ablation.AblationTable.Line;
import org.junit.jupiter.api.Test;

/** VTAB-1K task rows, group lines and both Avg conventions, against hand-computed means. */
class VtabTableTest {
  /** Every VTAB task i (0..18) scores 0.50 + 0.01 i with GIST off, 0.02 more on, ±0.01 by seed. */
  static List<AblationTrial> vtabSweep() {
    List<AblationTrial> rows = new ArrayList<>();
    int i = 0;
    for (List<String> tasks : VtabGroups.GROUPS.values()) {
      for (String task : tasks) {
        double base = 0.5 + 0.01 * i++;
        for (int seed : new int[] {42, 43}) {
          double noise = seed == 42 ? -0.01 : 0.01;
          rows.add(
              AblationTableTest.done(
                  rows.size(),
                  Map.of("task", task, "gist", true, "seed", seed),
                  base + 0.02 + noise));
          rows.add(
              AblationTableTest.done(
                  rows.size(), Map.of("task", task, "gist", false, "seed", seed), base + noise));
        }
      }
    }
    rows.add(
        new AblationTrial(
            rows.size(), "FAILED", Map.of("task", "cifar", "gist", true, "seed", 44), null, null));
    rows.add(
        new AblationTrial(
            rows.size(), "PRUNED", Map.of("task", "cifar", "gist", true, "seed", 45), 0.0, 0.0));
    return rows;
  }

  static final double NATURAL = (0.50 + 0.51 + 0.52 + 0.53 + 0.54 + 0.55 + 0.56) / 7;
  static final double SPECIALIZED = (0.57 + 0.58 + 0.59 + 0.60) / 4;
  static final double STRUCTURED = (0.61 + 0.62 + 0.63 + 0.64 + 0.65 + 0.66 + 0.67 + 0.68) / 8;

  static Line line(AblationTable t, Kind kind, String labelStart) {
    return t.lines().stream()
        .filter(l -> l.kind() == kind && l.label().startsWith(labelStart))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void taskRowsInPaperOrderThenGroupsAndTheMeanOfGroupMeans() {
    AblationTable t =
        AblationTable.of(
            new StudyResults("v", "val_top1", "maximize", vtabSweep()), AblationQuery.defaults());
    assertThat(t.rows()).isEqualTo("task");
    List<Line> tasks = t.lines().stream().filter(l -> l.kind() == Kind.ROW).toList();
    assertThat(tasks).hasSize(19);
    assertThat(tasks.get(0).label()).isEqualTo("cifar");
    assertThat(tasks.get(1).label()).isEqualTo("caltech101");
    assertThat(tasks.get(18).label()).isEqualTo("smallnorb_ele");
    assertThat(tasks.get(0).group()).isEqualTo("Natural");
    Cell cifarOn = tasks.get(0).cells().get("true");
    assertThat(cifarOn.n()).as("only COMPLETE trials count").isEqualTo(2);
    assertThat(cifarOn.mean()).isCloseTo(0.52, within(1e-12));
    assertThat(cifarOn.std()).isCloseTo(Math.sqrt(2) * 0.01, within(1e-12));
    assertThat(tasks.get(0).difference().mean()).isCloseTo(0.02, within(1e-12));

    assertThat(line(t, Kind.GROUP, "Natural (7 tasks)").cells().get("false").mean())
        .isCloseTo(NATURAL, within(1e-12));
    assertThat(line(t, Kind.GROUP, "Natural").cells().get("true").mean())
        .isCloseTo(NATURAL + 0.02, within(1e-12));
    assertThat(line(t, Kind.GROUP, "Natural").difference().mean()).isCloseTo(0.02, within(1e-12));
    assertThat(line(t, Kind.GROUP, "Specialized (4 tasks)").cells().get("false").mean())
        .isCloseTo(SPECIALIZED, within(1e-12));
    assertThat(line(t, Kind.GROUP, "Structured (8 tasks)").cells().get("false").mean())
        .isCloseTo(STRUCTURED, within(1e-12));
    Line avg = line(t, Kind.AVG, "Avg");
    assertThat(avg.label()).isEqualTo("Avg (mean of the 3 group means)");
    assertThat(avg.cells().get("false").mean())
        .isCloseTo((NATURAL + SPECIALIZED + STRUCTURED) / 3, within(1e-12));
    assertThat(avg.cells().get("false").n()).isEqualTo(3);
    assertThat(t.overall().n()).isEqualTo(38);
    assertThat(t.excluded()).containsExactly(Map.entry("FAILED", 1), Map.entry("PRUNED", 1));
    assertThat(t.caption())
        .contains("Avg: the mean of the three group means (avg=groups)", "n = 2 per cell");
  }

  @Test
  void avgTasksIsTheMeanOfTheNineteenTasksAndDiffersFromTheMeanOfGroups() {
    AblationTable t =
        AblationTable.of(
            new StudyResults("v", "val_top1", "maximize", vtabSweep()),
            AblationQuery.parse(Map.of("avg", "tasks")));
    Line avg = line(t, Kind.AVG, "Avg");
    assertThat(avg.label()).isEqualTo("Avg (mean of 19 tasks)");
    assertThat(avg.cells().get("false").mean()).isCloseTo(0.59, within(1e-12));
    assertThat(avg.cells().get("false").n()).isEqualTo(19);
    assertThat((NATURAL + SPECIALIZED + STRUCTURED) / 3)
        .as("the two conventions differ on the same runs")
        .isNotCloseTo(0.59, within(1e-3));
    assertThat(t.caption()).contains("Avg: the mean of the tasks (avg=tasks)");
  }

  @Test
  void aGroupWithOneTaskMissingHasNoMeanNorDoesAvg() {
    List<AblationTrial> trials = new ArrayList<>(vtabSweep());
    trials.removeIf(
        t -> "dtd".equals(t.params().get("task")) && Boolean.FALSE.equals(t.params().get("gist")));
    for (String avg : List.of("groups", "tasks")) {
      AblationTable t =
          AblationTable.of(
              new StudyResults("v", "val_top1", "maximize", trials),
              AblationQuery.parse(Map.of("avg", avg)));
      Line natural = line(t, Kind.GROUP, "Natural");
      assertThat(natural.cells()).containsOnlyKeys("true");
      assertThat(natural.difference()).isNull();
      assertThat(line(t, Kind.GROUP, "Specialized").cells()).containsKeys("true", "false");
      assertThat(line(t, Kind.AVG, "Avg").cells()).as(avg).containsOnlyKeys("true");
      assertThat(t.unpaired()).extracting(AblationTable.Unpaired::trial).hasSize(2);
      assertThat(t.caption()).contains("2 trials without a partner", "task=dtd");
      assertThat(
              AblationFormat.TEXT.render(t).lines().filter(l -> l.startsWith("Natural (7 tasks)")))
          .singleElement()
          .asString()
          .contains(" - ");
    }
  }
}
