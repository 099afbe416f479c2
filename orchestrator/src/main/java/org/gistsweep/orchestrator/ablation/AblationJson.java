package org.gistsweep.orchestrator.ablation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.gistsweep.orchestrator.ablation.AblationTable.Line;

/**
 * The JSON form of a table (the default of {@code GET /api/studies/{id}/ablation}): the resolved
 * query, {@code lines} (kind {@code row}, {@code group} or {@code avg}; cells by level with {@code
 * mean}, {@code std}, {@code n}, {@code trials}; a {@code difference} with {@code mean}, {@code
 * std}, {@code n}, {@code ci_low}, {@code ci_high}, {@code t}, {@code p}), {@code overall}, {@code
 * excluded}, {@code unpaired} and {@code caption}. Numbers at full precision; undefined ones (the
 * std of one value, the interval of one pair) are {@code null}. {@code lines_total} is the number
 * of lines of the whole table, which {@code lines} lists all of, or the first {@code limit} of.
 */
final class AblationJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AblationJson() {}

  static String render(AblationTable t) {
    return render(t, Integer.MAX_VALUE);
  }

  /** The JSON with only the first {@code limit} lines listed (the rest of the table as it is). */
  static String render(AblationTable t, int limit) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree(t, limit)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the ablation table: " + e.getMessage(), e);
    }
  }

  static Map<String, Object> tree(AblationTable t) {
    return tree(t, Integer.MAX_VALUE);
  }

  static Map<String, Object> tree(AblationTable t, int limit) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("study", t.study());
    m.put("metric", t.metric());
    m.put("direction", t.direction());
    m.put("by", t.by());
    m.put("levels", t.levels());
    m.put("over", t.over());
    m.put("rows", t.rows());
    m.put("value", t.value().wireName());
    m.put("avg", t.avg().wireName());
    m.put("std", "sample");
    m.put("confidence", Difference.CONFIDENCE);
    m.put("percent", t.percent());
    m.put("lines", t.lines().stream().limit(limit).map(AblationJson::line).toList());
    m.put("lines_total", t.lines().size());
    m.put("overall", difference(t.overall()));
    m.put("excluded", t.excluded());
    m.put("unpaired", t.unpaired().stream().map(AblationJson::unpaired).toList());
    m.put("caption", t.caption());
    return m;
  }

  private static Map<String, Object> unpaired(AblationTable.Unpaired u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("trial", u.trial());
    m.put("params", u.params());
    return m;
  }

  private static Map<String, Object> line(Line l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", l.kind().name().toLowerCase(Locale.ROOT));
    m.put("label", l.label());
    m.put("params", new TreeMap<>(l.params()));
    m.put("group", l.group());
    Map<String, Object> cells = new LinkedHashMap<>();
    l.cells()
        .forEach(
            (level, c) -> {
              Map<String, Object> cell = new LinkedHashMap<>();
              cell.put("mean", number(c.mean()));
              cell.put("std", number(c.std()));
              cell.put("n", c.n());
              cell.put("trials", c.trials());
              cells.put(level, cell);
            });
    m.put("cells", cells);
    m.put("difference", difference(l.difference()));
    return m;
  }

  private static Map<String, Object> difference(Difference d) {
    if (d == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", number(d.mean()));
    m.put("std", number(d.std()));
    m.put("n", d.n());
    m.put("ci_low", number(d.ciLow()));
    m.put("ci_high", number(d.ciHigh()));
    m.put("t", number(d.t()));
    m.put("p", number(d.p()));
    return m;
  }

  private static Double number(double d) {
    return Double.isFinite(d) ? d : null;
  }
}
