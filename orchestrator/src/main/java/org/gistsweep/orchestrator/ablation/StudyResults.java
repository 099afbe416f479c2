package org.gistsweep.orchestrator.ablation;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;

/**
 * A study as the ablation table reads it, from a live snapshot (the API) or from the study JSON
 * (the CLI reading {@code study.json} or {@code /trials}); both give the same table.
 *
 * @param id the study id
 * @param metric the (first) objective metric, e.g. {@code val_top1}
 * @param direction {@code maximize} or {@code minimize}
 * @param trials every trial, whatever its state
 */
public record StudyResults(String id, String metric, String direction, List<AblationTrial> trials) {
  public StudyResults {
    trials = List.copyOf(trials);
  }

  /** From a live study. */
  public static StudyResults of(StudySnapshot s) {
    return new StudyResults(
        s.id(),
        s.metric(),
        s.direction().wireName(),
        s.trials().stream().map(StudyResults::trial).toList());
  }

  private static AblationTrial trial(TrialSnapshot t) {
    return new AblationTrial(t.number(), t.state().name(), t.params(), t.value(), t.lastValue());
  }

  /**
   * From the study JSON ({@code GET /api/studies/{id}/trials}, {@code study.json}) as plain maps,
   * lists and scalars.
   *
   * @throws IllegalArgumentException when there is no {@code trials} list
   */
  public static StudyResults fromJson(Map<String, Object> study) {
    if (!(study.get("trials") instanceof List<?> list)) {
      throw new IllegalArgumentException(
          "no \"trials\" list; expected the JSON of GET /api/studies/{id}/trials or a study.json");
    }
    List<AblationTrial> trials = list.stream().map(o -> trial(asMap(o))).toList();
    return new StudyResults(
        string(study.get("id"), "?"),
        string(study.get("metric"), "value"),
        string(study.get("direction"), "maximize"),
        trials);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    if (!(o instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("a trial is not a JSON object: " + o);
    }
    return (Map<String, Object>) o;
  }

  private static AblationTrial trial(Map<String, Object> t) {
    Map<String, Object> params =
        t.get("params") instanceof Map<?, ?> ? asMap(t.get("params")) : Map.of();
    int number = t.get("number") instanceof Number n ? n.intValue() : -1;
    return new AblationTrial(
        number,
        string(t.get("state"), "?"),
        params,
        number(t.get("value")),
        number(t.get("last_value")));
  }

  private static Double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : null;
  }

  private static String string(Object o, String fallback) {
    return o == null ? fallback : o.toString();
  }

  /** Every parameter name any trial has, sorted. */
  public List<String> parameters() {
    TreeSet<String> names = new TreeSet<>();
    trials.forEach(t -> names.addAll(t.params().keySet()));
    return List.copyOf(names);
  }
}
