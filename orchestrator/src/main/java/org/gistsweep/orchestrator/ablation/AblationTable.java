package org.gistsweep.orchestrator.ablation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ablation table of a study: the one model that the HTTP API, the CLI and every export render.
 *
 * <p>Only COMPLETE trials with a value count. Trials that agree on every parameter except {@code
 * over} form a cell (mean, sample std, n); the levels of {@code by} are the columns; each remaining
 * parameter combination is a row, named by {@code rows}. With two levels, a paired difference
 * (first minus second) is given for each row and overall, from pairs of trials that agree on every
 * parameter except {@code by}. VTAB-1K task rows get Natural, Specialized, Structured and Avg
 * lines. The caption states every convention in words.
 *
 * @param study the study id
 * @param metric the objective metric
 * @param direction {@code maximize} or {@code minimize}: which entry of a line is best
 * @param by the compared parameter
 * @param levels its levels shown, as columns, in order
 * @param over the parameter averaged over in a cell
 * @param rows the parameter naming the rows, or {@code null}
 * @param value best or last epoch's value
 * @param avg what the Avg line averages (VTAB-1K only)
 * @param lines the parameter rows, then (VTAB-1K) the group lines and Avg
 * @param overall the paired difference over every pair, or {@code null} unless two levels
 * @param excluded trials left out, by reason (e.g. {@code PRUNED} -> 2), never averaged
 * @param unpaired COMPLETE trials without a partner at the other level (two levels only)
 * @param percent whether text renderings show values ×100 (accuracies in [0, 1])
 * @param caption every convention, in words
 */
public record AblationTable(
    String study,
    String metric,
    String direction,
    String by,
    List<String> levels,
    String over,
    String rows,
    ValueKind value,
    AvgKind avg,
    List<Line> lines,
    Difference overall,
    Map<String, Integer> excluded,
    List<Unpaired> unpaired,
    boolean percent,
    String caption) {

  /** What a line is. */
  public enum Kind {
    /** One combination of parameters: its cells are trials. */
    ROW,
    /** A VTAB-1K group: the mean of its task means. */
    GROUP,
    /** The VTAB-1K average. */
    AVG
  }

  /**
   * One line of the table.
   *
   * @param kind row, group or Avg
   * @param label how the line is named
   * @param params the row's parameters (all but {@code by} and {@code over}); empty for group and
   *     Avg
   * @param group the VTAB-1K group of a task row or the group line's name, else {@code null}
   * @param cells level to cell; a level without a value is absent
   * @param difference the paired difference (two levels), or {@code null}
   */
  public record Line(
      Kind kind,
      String label,
      Map<String, String> params,
      String group,
      Map<String, Cell> cells,
      Difference difference) {
    public Line {
      params = Collections.unmodifiableMap(new TreeMap<>(params));
      cells = Collections.unmodifiableMap(new LinkedHashMap<>(cells));
    }
  }

  /** A COMPLETE trial whose partner at the other level is missing. */
  public record Unpaired(int trial, Map<String, String> params) {
    public Unpaired {
      params = Collections.unmodifiableMap(new TreeMap<>(params));
    }
  }

  public AblationTable {
    levels = List.copyOf(levels);
    lines = List.copyOf(lines);
    excluded = Collections.unmodifiableMap(new LinkedHashMap<>(excluded));
    unpaired = List.copyOf(unpaired);
  }

  /**
   * Builds the table of {@code study} as {@code query} asks.
   *
   * @throws AblationException naming the query field and listing the study's parameters when the
   *     query does not fit the study
   */
  public static AblationTable of(StudyResults study, AblationQuery query) {
    try {
      return new TableBuilder(study, query).build();
    } catch (AblationException e) {
      throw e.withParameters(study.parameters());
    }
  }

  AblationTable withCaption(String text) {
    return new AblationTable(
        study, metric, direction, by, levels, over, rows, value, avg, lines, overall, excluded,
        unpaired, percent, text);
  }

  /** Whether a paired difference is shown (exactly two levels). */
  public boolean paired() {
    return levels.size() == 2;
  }

  /** Whether larger values are better. */
  public boolean maximize() {
    return !"minimize".equals(direction);
  }
}
