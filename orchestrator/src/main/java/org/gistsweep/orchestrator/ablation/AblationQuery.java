package org.gistsweep.orchestrator.ablation;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to tabulate; the query string of {@code GET /api/studies/{id}/ablation} and the options of
 * {@code gist-sweep report}.
 *
 * @param by the compared parameter; its levels are the columns (default {@code gist})
 * @param over the parameter averaged over inside a cell; {@code null} = {@code seed} when the study
 *     has it, else none; {@code none} = none
 * @param rows the parameter that names the rows; {@code null} = {@code task} when the study has it,
 *     else none; {@code none} = none
 * @param levels the two levels to compare, first minus second; empty = every level, booleans {@code
 *     true} first
 * @param value {@link ValueKind#BEST} (default) or {@link ValueKind#LAST}
 * @param avg what the VTAB-1K Avg row averages (default {@link AvgKind#GROUPS})
 */
public record AblationQuery(
    String by, String over, String rows, List<String> levels, ValueKind value, AvgKind avg) {
  /**
   * The query keys, in the order the API documents them ({@code format} picks the renderer, {@code
   * limit} how many lines the JSON lists).
   */
  public static final List<String> KEYS =
      List.of("by", "over", "rows", "levels", "value", "avg", "format", "limit");

  /** {@code rows} or {@code over} value that asks for no parameter. */
  public static final String NO_ROWS = "none";

  public AblationQuery {
    if (by == null || by.isBlank()) {
      throw new AblationException("by", "name the compared parameter, e.g. by=gist");
    }
    rows = rows == null || rows.isBlank() ? null : rows;
    over = over == null || over.isBlank() ? null : over;
    levels = List.copyOf(levels);
  }

  /**
   * The defaults: by gist, over seed, rows task when present, every level, best value, Avg of
   * groups.
   */
  public static AblationQuery defaults() {
    return new AblationQuery("gist", null, null, List.of(), ValueKind.BEST, AvgKind.GROUPS);
  }

  /**
   * Parses query parameters; missing or empty ones take their defaults. {@code format} and {@code
   * limit} are accepted and left to the caller.
   *
   * @throws AblationException naming the field of an unknown key or a bad value
   */
  public static AblationQuery parse(Map<String, String> query) {
    Set<String> allowed = Set.copyOf(KEYS);
    for (String key : query.keySet()) {
      if (!allowed.contains(key)) {
        throw new AblationException(
            key, "not a query parameter of the ablation table; use " + String.join(", ", KEYS));
      }
    }
    AblationQuery d = defaults();
    String levels = get(query, "levels");
    List<String> parsedLevels =
        levels == null
            ? List.of()
            : Arrays.stream(levels.split(",", -1)).map(String::trim).toList();
    if (parsedLevels.stream().anyMatch(String::isEmpty)) {
      throw new AblationException(
          "levels",
          "must be two comma-separated levels, e.g. levels=true,false; got '" + levels + "'");
    }
    String value = get(query, "value");
    String avg = get(query, "avg");
    return new AblationQuery(
        orElse(get(query, "by"), d.by()),
        get(query, "over"),
        get(query, "rows"),
        parsedLevels,
        value == null ? d.value() : ValueKind.parse(value),
        avg == null ? d.avg() : AvgKind.parse(avg));
  }

  private static String get(Map<String, String> query, String key) {
    String v = query.get(key);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static String orElse(String v, String fallback) {
    return v == null ? fallback : v;
  }
}
