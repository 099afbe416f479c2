package org.gistsweep.orchestrator.ablation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gistsweep.orchestrator.ablation.AblationTable.Kind;
import org.gistsweep.orchestrator.ablation.AblationTable.Line;

/**
 * The VTAB-1K summary lines under per-task rows: one per group (the mean of its task means, only
 * when every task of the group has one) and Avg (the mean of the three group means, or of the
 * tasks).
 */
final class VtabLines {
  private VtabLines() {}

  static List<Line> of(List<Line> taskRows, List<String> levels, AvgKind avg) {
    Map<String, Line> byTask = new LinkedHashMap<>();
    taskRows.forEach(l -> byTask.put(l.params().get("task"), l));
    List<Line> out = new ArrayList<>();
    Map<String, Map<String, Cell>> groupCells = new LinkedHashMap<>();
    VtabGroups.GROUPS.forEach(
        (group, tasks) -> {
          Map<String, Cell> cells = meansOver(tasks.stream().map(byTask::get).toList(), levels);
          groupCells.put(group, cells);
          out.add(line(Kind.GROUP, group + " (" + tasks.size() + " tasks)", group, cells, levels));
        });
    Map<String, Cell> avgCells = new LinkedHashMap<>();
    if (avg == AvgKind.GROUPS) {
      for (String level : levels) {
        List<Double> means =
            groupCells.values().stream()
                .map(c -> c.get(level))
                .filter(c -> c != null)
                .map(Cell::mean)
                .toList();
        if (means.size() == VtabGroups.GROUPS.size()) {
          avgCells.put(level, Cell.meanOf(means));
        }
      }
      out.add(line(Kind.AVG, "Avg (mean of the 3 group means)", null, avgCells, levels));
    } else {
      avgCells = meansOver(taskRows, levels);
      out.add(
          line(Kind.AVG, "Avg (mean of " + taskRows.size() + " tasks)", null, avgCells, levels));
    }
    return out;
  }

  /** Per level, the mean of the rows' cell means; absent unless every row has a cell there. */
  private static Map<String, Cell> meansOver(List<Line> rows, List<String> levels) {
    Map<String, Cell> cells = new LinkedHashMap<>();
    for (String level : levels) {
      List<Double> means = new ArrayList<>();
      for (Line row : rows) {
        Cell c = row == null ? null : row.cells().get(level);
        if (c == null) {
          break;
        }
        means.add(c.mean());
      }
      if (means.size() == rows.size() && !rows.isEmpty()) {
        cells.put(level, Cell.meanOf(means));
      }
    }
    return cells;
  }

  private static Line line(
      Kind kind, String label, String group, Map<String, Cell> cells, List<String> levels) {
    Difference d = null;
    if (levels.size() == 2
        && cells.containsKey(levels.get(0))
        && cells.containsKey(levels.get(1))) {
      Cell a = cells.get(levels.get(0));
      d = Difference.ofMeans(a.mean(), cells.get(levels.get(1)).mean(), a.n());
    }
    return new Line(kind, label, Map.of(), group, cells, d);
  }
}
