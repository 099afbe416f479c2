package org.gistsweep.cli.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The paper-style table of a finished sweep: one row per task, one column per value of the
 * compared parameter (e.g. {@code gist}: true / false), each cell the mean over the other
 * parameters (seeds) of the COMPLETE trials' values; then, for VTAB-1K tasks, the three group means,
 * the mean of the group means and the mean over all tasks. A group mean is given only when every
 * task of the group has a value, as papers do. Pure: built from trial rows, rendered as text or a
 * map for JSON.
 */
public final class AblationReport {
  /** One finished trial as the report reads it. */
  public record TrialRow(String state, Map<String, Object> params, Double value) {}

  /** A cell: mean, sample standard deviation (NaN for one value) and how many trials. */
  public record Cell(double mean, double sd, int n) {}

  private final String by;
  private final List<String> arms;
  private final Map<String, Map<String, Cell>> byTask;

  private AblationReport(String by, List<String> arms, Map<String, Map<String, Cell>> byTask) {
    this.by = by;
    this.arms = arms;
    this.byTask = byTask;
  }

  /**
   * Builds the report.
   *
   * @param by the compared parameter; its values are the columns
   * @throws IllegalArgumentException when no COMPLETE trial has {@code by} among its parameters
   */
  public static AblationReport of(List<TrialRow> trials, String by) {
    Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
    Set<String> arms = new LinkedHashSet<>();
    for (TrialRow t : trials) {
      if (!"COMPLETE".equalsIgnoreCase(t.state()) || t.value() == null || !t.params().containsKey(by)) {
        continue;
      }
      String task = String.valueOf(t.params().getOrDefault("task", "(fixed task)"));
      String arm = String.valueOf(t.params().get(by));
      arms.add(arm);
      values.computeIfAbsent(task, k -> new LinkedHashMap<>()).computeIfAbsent(arm, k -> new ArrayList<>()).add(t.value());
    }
    if (arms.isEmpty()) {
      throw new IllegalArgumentException("no COMPLETE trial has a parameter '" + by + "'; pick one of the sweep's space with --by");
    }
    Map<String, Map<String, Cell>> byTask = new LinkedHashMap<>();
    for (String task : ordered(values.keySet())) {
      Map<String, Cell> row = new LinkedHashMap<>();
      values.get(task).forEach((arm, v) -> row.put(arm, cell(v)));
      byTask.put(task, row);
    }
    return new AblationReport(by, sortedArms(arms), byTask);
  }

  /** The per-task cells, task to arm to cell. */
  public Map<String, Map<String, Cell>> tasks() {
    return byTask;
  }

  /** The mean of group {@code group}'s task means for {@code arm}, or null unless every task has one. */
  public Double groupMean(String group, String arm) {
    return meanOf(VtabGroups.GROUPS.get(group), arm);
  }

  /** The mean of the three group means (the papers' "Mean"), or null unless all three exist. */
  public Double meanOfGroups(String arm) {
    List<Double> means = new ArrayList<>();
    for (String g : VtabGroups.GROUPS.keySet()) {
      Double m = groupMean(g, arm);
      if (m == null) {
        return null;
      }
      means.add(m);
    }
    return means.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  /** The mean over every task that has a value for {@code arm}. */
  public Double meanOfTasks(String arm) {
    return meanOf(new ArrayList<>(byTask.keySet()), arm);
  }

  private Double meanOf(List<String> tasks, String arm) {
    double sum = 0;
    for (String task : tasks) {
      Cell c = byTask.getOrDefault(task, Map.of()).get(arm);
      if (c == null) {
        return null;
      }
      sum += c.mean();
    }
    return tasks.isEmpty() ? null : sum / tasks.size();
  }

  /** The report as a JSON-ready map. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("by", by);
    m.put("arms", arms);
    Map<String, Object> tasks = new LinkedHashMap<>();
    byTask.forEach((task, row) -> {
      Map<String, Object> cells = new LinkedHashMap<>();
      row.forEach((arm, c) -> cells.put(arm, Map.of("mean", c.mean(), "n", c.n(), "sd", Double.isNaN(c.sd()) ? 0.0 : c.sd())));
      tasks.put(task, cells);
    });
    m.put("tasks", tasks);
    Map<String, Object> groups = new LinkedHashMap<>();
    for (String g : VtabGroups.GROUPS.keySet()) {
      Map<String, Object> perArm = new LinkedHashMap<>();
      arms.forEach(a -> perArm.put(a, groupMean(g, a)));
      groups.put(g, perArm);
    }
    m.put("groups", groups);
    Map<String, Object> meanOfGroups = new LinkedHashMap<>();
    Map<String, Object> meanOfTasks = new LinkedHashMap<>();
    arms.forEach(a -> {
      meanOfGroups.put(a, meanOfGroups(a));
      meanOfTasks.put(a, meanOfTasks(a));
    });
    m.put("mean_of_groups", meanOfGroups);
    m.put("mean_of_tasks", meanOfTasks);
    return m;
  }

  /** The table as text: values as percentages, cells "mean ±sd (n)", a delta column for two arms. */
  public String render() {
    StringBuilder out = new StringBuilder();
    String header = String.format("%-22s %-12s", "task", "group");
    for (String a : arms) {
      header += String.format(" %18s", by + "=" + a);
    }
    boolean delta = arms.size() == 2;
    if (delta) {
      header += String.format(" %8s", "delta");
    }
    out.append(header).append('\n').append("-".repeat(header.length())).append('\n');
    byTask.forEach((task, row) -> {
      StringBuilder line = new StringBuilder(String.format("%-22s %-12s", task, VtabGroups.groupOf(task).orElse("")));
      for (String a : arms) {
        Cell c = row.get(a);
        line.append(String.format(" %18s", c == null ? "-" : format(c)));
      }
      if (delta) {
        Cell x = row.get(arms.get(0));
        Cell y = row.get(arms.get(1));
        line.append(String.format(" %8s", x == null || y == null ? "-" : String.format("%+.2f", 100 * (x.mean() - y.mean()))));
      }
      out.append(line).append('\n');
    });
    out.append("-".repeat(header.length())).append('\n');
    for (String g : VtabGroups.GROUPS.keySet()) {
      summary(out, g + " (" + VtabGroups.GROUPS.get(g).size() + " tasks)", a -> groupMean(g, a), delta);
    }
    summary(out, "Mean of the 3 groups", this::meanOfGroups, delta);
    summary(out, "Mean of " + byTask.size() + " tasks", this::meanOfTasks, delta);
    return out.toString();
  }

  private void summary(StringBuilder out, String label, java.util.function.Function<String, Double> of, boolean delta) {
    StringBuilder line = new StringBuilder(String.format("%-35s", label));
    List<Double> got = new ArrayList<>();
    for (String a : arms) {
      Double v = of.apply(a);
      got.add(v);
      line.append(String.format(" %18s", v == null ? "n/a" : String.format("%.2f", 100 * v)));
    }
    if (delta) {
      line.append(String.format(" %8s", got.contains(null) ? "-" : String.format("%+.2f", 100 * (got.get(0) - got.get(1)))));
    }
    out.append(line).append('\n');
  }

  private static String format(Cell c) {
    return Double.isNaN(c.sd())
        ? String.format("%.2f (%d)", 100 * c.mean(), c.n())
        : String.format("%.2f ±%.2f (%d)", 100 * c.mean(), 100 * c.sd(), c.n());
  }

  private static Cell cell(List<Double> v) {
    double mean = v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double sd = Double.NaN;
    if (v.size() > 1) {
      double ss = v.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
      sd = Math.sqrt(ss / (v.size() - 1));
    }
    return new Cell(mean, sd, v.size());
  }

  /** VTAB-1K tasks in the papers' order first, then any others by name. */
  private static List<String> ordered(Set<String> tasks) {
    List<String> out = new ArrayList<>();
    VtabGroups.GROUPS.values().forEach(g -> g.stream().filter(tasks::contains).forEach(out::add));
    new TreeSet<>(tasks).stream().filter(t -> !out.contains(t)).forEach(out::add);
    return out;
  }

  /** "true" before "false" (GIST on first), otherwise by name. */
  private static List<String> sortedArms(Set<String> arms) {
    List<String> out = new ArrayList<>(arms);
    out.sort((a, b) -> a.equals("true") ? -1 : b.equals("true") ? 1 : a.compareTo(b));
    return out;
  }
}
