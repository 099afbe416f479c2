package org.gistsweep.orchestrator.ablation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.gistsweep.orchestrator.ablation.AblationTable.Kind;
import org.gistsweep.orchestrator.ablation.AblationTable.Line;

/** Builds an {@link AblationTable}: resolves the query against the study, forms cells and pairs. */
final class TableBuilder {
  private static final Pattern ACCURACY = Pattern.compile("(?i).*(top1|top5|acc).*");

  private final StudyResults study;
  private final AblationQuery query;
  private final List<String> parameters;
  private final Map<String, Integer> excluded = new LinkedHashMap<>();

  TableBuilder(StudyResults study, AblationQuery query) {
    this.study = study;
    this.query = query;
    this.parameters = study.parameters();
  }

  AblationTable build() {
    String by = query.by();
    if (!parameters.contains(by)) {
      throw new AblationException(
          "by", "the study has no parameter '" + by + "'; name the compared parameter");
    }
    String over = resolve("over", query.over(), "seed");
    String rows = resolve("rows", query.rows(), "task");
    if (by.equals(over)) {
      throw new AblationException(
          "over",
          "'" + over + "' is already the compared parameter (by); average over another one");
    }
    if (rows != null && (rows.equals(by) || rows.equals(over))) {
      throw new AblationException(
          "rows",
          "'"
              + rows
              + "' is already "
              + (rows.equals(by) ? "by" : "over")
              + "; name rows by another parameter");
    }
    List<AblationTrial> usable = usable(by);
    List<String> levels = levels(by, usable);
    List<AblationTrial> shown = new ArrayList<>();
    for (AblationTrial t : usable) {
      String level = Levels.canonical(t.params().get(by));
      if (levels.contains(level)) {
        shown.add(t);
      } else {
        excluded.merge(by + "=" + level + " (not among levels)", 1, Integer::sum);
      }
    }
    Set<String> rowDrop = over == null ? Set.of(by) : Set.of(by, over);
    Map<Map<String, String>, Map<String, List<AblationTrial>>> cells = new LinkedHashMap<>();
    for (AblationTrial t : shown) {
      cells
          .computeIfAbsent(Levels.without(t.params(), rowDrop), k -> new LinkedHashMap<>())
          .computeIfAbsent(Levels.canonical(t.params().get(by)), k -> new ArrayList<>())
          .add(t);
    }
    List<Map<String, String>> rowKeys = orderRows(cells.keySet(), rows);
    Pairs pairs =
        levels.size() == 2 ? Pairs.of(shown, by, levels, rowDrop, query.value()) : Pairs.NONE;
    Set<String> varying = varying(rowKeys, rows);
    List<Line> lines = new ArrayList<>();
    for (Map<String, String> key : rowKeys) {
      Map<String, Cell> row = new LinkedHashMap<>();
      for (String level : levels) {
        List<AblationTrial> in = cells.get(key).get(level);
        if (in != null) {
          row.put(
              level,
              Cell.of(
                  in.stream().map(t -> t.value(query.value())).toList(),
                  in.stream().map(AblationTrial::number).toList()));
        }
      }
      List<Double> d = pairs.byRow().get(key);
      Difference difference = d == null ? null : Difference.paired(d);
      String group =
          "task".equals(rows) ? VtabGroups.groupOf(key.getOrDefault(rows, "")).orElse(null) : null;
      lines.add(new Line(Kind.ROW, label(key, rows, varying), key, group, row, difference));
    }
    boolean vtab =
        "task".equals(rows)
            && varying.isEmpty()
            && !lines.isEmpty()
            && lines.stream().allMatch(l -> l.group() != null);
    if (vtab) {
      lines.addAll(VtabLines.of(lines, levels, query.avg()));
    }
    Difference overall =
        levels.size() == 2 && !pairs.all().isEmpty() ? Difference.paired(pairs.all()) : null;
    boolean percent =
        ACCURACY.matcher(study.metric()).matches()
            && lines.stream()
                .filter(l -> l.kind() == Kind.ROW)
                .flatMap(l -> l.cells().values().stream())
                .allMatch(c -> c.mean() >= 0 && c.mean() <= 1);
    AblationTable draft =
        new AblationTable(
            study.id(),
            study.metric(),
            study.direction(),
            by,
            levels,
            over,
            rows,
            query.value(),
            query.avg(),
            lines,
            overall,
            excluded,
            pairs.unpaired(),
            percent,
            "");
    return draft.withCaption(Caption.of(draft, vtab, overParameterMissing()));
  }

  private boolean overParameterMissing() {
    return query.over() == null && !parameters.contains("seed");
  }

  /**
   * An explicit parameter must exist; a default applies only when the study has it; "none" is none.
   */
  private String resolve(String field, String given, String fallback) {
    if (given == null) {
      return parameters.contains(fallback) ? fallback : null;
    }
    if (AblationQuery.NO_ROWS.equals(given)) {
      return null;
    }
    if (!parameters.contains(given)) {
      throw new AblationException(field, "the study has no parameter '" + given + "'");
    }
    return given;
  }

  private List<AblationTrial> usable(String by) {
    List<AblationTrial> usable = new ArrayList<>();
    List<AblationTrial> all = new ArrayList<>(study.trials());
    all.sort(Comparator.comparingInt(AblationTrial::number));
    for (AblationTrial t : all) {
      if (!"COMPLETE".equals(t.state())) {
        excluded.merge(t.state(), 1, Integer::sum);
      } else if (t.value(query.value()) == null) {
        excluded.merge(
            "COMPLETE without a "
                + (query.value() == ValueKind.BEST ? "value" : "last-epoch value"),
            1,
            Integer::sum);
      } else if (!t.params().containsKey(by)) {
        excluded.merge("COMPLETE without " + by, 1, Integer::sum);
      } else {
        usable.add(t);
      }
    }
    return usable;
  }

  private List<String> levels(String by, List<AblationTrial> usable) {
    Set<String> present = new LinkedHashSet<>();
    usable.forEach(t -> present.add(Levels.canonical(t.params().get(by))));
    if (present.isEmpty()) {
      throw new AblationException(
          "by",
          "no COMPLETE trial with a "
              + query.value().wireName()
              + " value has the parameter '"
              + by
              + "' yet");
    }
    List<String> all = Levels.sorted(present);
    List<String> asked = query.levels();
    if (asked.isEmpty()) {
      return all;
    }
    if (asked.size() != 2 || asked.get(0).equals(asked.get(1))) {
      throw new AblationException(
          "levels",
          "a paired difference needs exactly two different levels of "
              + by
              + ", e.g. levels="
              + String.join(",", all.subList(0, Math.min(2, all.size())))
              + "; got "
              + asked.size()
              + ": "
              + String.join(",", asked));
    }
    for (String level : asked) {
      if (!all.contains(level)) {
        throw new AblationException(
            "levels",
            "'"
                + level
                + "' is not a level of "
                + by
                + " among COMPLETE trials; its levels: "
                + String.join(", ", all));
      }
    }
    return asked;
  }

  /**
   * Rows by the rows parameter (VTAB-1K order for VTAB tasks, else sorted levels), then the rest.
   */
  private static List<Map<String, String>> orderRows(Set<Map<String, String>> keys, String rows) {
    List<Map<String, String>> out = new ArrayList<>(keys);
    Comparator<Map<String, String>> rest = Comparator.comparing(Map::toString);
    if (rows == null) {
      out.sort(rest);
      return out;
    }
    Set<String> values = new LinkedHashSet<>();
    keys.forEach(k -> values.add(k.getOrDefault(rows, Levels.ABSENT)));
    List<String> order =
        values.stream().allMatch(v -> VtabGroups.groupOf(v).isPresent())
            ? VtabGroups.GROUPS.values().stream().flatMap(List::stream).toList()
            : Levels.sorted(values);
    out.sort(
        Comparator.comparingInt(
                (Map<String, String> k) -> order.indexOf(k.getOrDefault(rows, Levels.ABSENT)))
            .thenComparing(rest));
    return out;
  }

  /** Parameters other than rows whose value differs between rows: they go into the labels. */
  private static Set<String> varying(List<Map<String, String>> keys, String rows) {
    Set<String> names = new TreeSet<>();
    keys.forEach(k -> names.addAll(k.keySet()));
    if (rows != null) {
      names.remove(rows);
    }
    names.removeIf(
        n -> keys.stream().map(k -> k.getOrDefault(n, Levels.ABSENT)).distinct().count() < 2);
    return names;
  }

  private static String label(Map<String, String> key, String rows, Set<String> varying) {
    List<String> parts = new ArrayList<>();
    varying.forEach(n -> parts.add(n + "=" + key.getOrDefault(n, Levels.ABSENT)));
    String rest = String.join(", ", parts);
    if (rows == null) {
      return rest.isEmpty() ? "all" : rest;
    }
    String head = key.getOrDefault(rows, Levels.ABSENT);
    return rest.isEmpty() ? head : head + " (" + rest + ")";
  }
}
