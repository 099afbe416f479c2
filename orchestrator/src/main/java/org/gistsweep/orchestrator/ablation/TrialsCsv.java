package org.gistsweep.orchestrator.ablation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;

/**
 * {@code GET /api/studies/{id}/trials?format=csv}: one line per trial with {@code number}, {@code
 * state}, one column per parameter (empty where a trial lacks it), {@code value} (best over
 * epochs), {@code last_value}, {@code best_epoch}, {@code trainable_params}, then the objective of
 * each epoch ({@code <metric>_epoch_1}, ...; empty past a trial's last epoch). Full precision; RFC
 * 4180 quoting.
 */
public final class TrialsCsv {
  private TrialsCsv() {}

  /** The study's trials as CSV. */
  public static String render(StudySnapshot study) {
    Set<String> params = new LinkedHashSet<>();
    study.spec().space().byName().keySet().forEach(params::add);
    study.trials().forEach(t -> params.addAll(t.params().keySet()));
    int epochs =
        study.trials().stream()
            .mapToInt(t -> t.intermediateValues().isEmpty() ? 0 : t.intermediateValues().lastKey())
            .max()
            .orElse(0);
    List<String> header = new ArrayList<>(List.of("number", "state"));
    header.addAll(params);
    header.addAll(List.of("value", "last_value", "best_epoch", "trainable_params"));
    for (int e = 1; e <= epochs; e++) {
      header.add(study.metric() + "_epoch_" + e);
    }
    StringBuilder out = new StringBuilder(Csv.line(header.stream().map(Csv::text).toList()));
    for (TrialSnapshot t : study.trials()) {
      List<String> f = new ArrayList<>(List.of(Integer.toString(t.number()), t.state().name()));
      params.forEach(
          p -> f.add(t.params().containsKey(p) ? Csv.text(String.valueOf(t.params().get(p))) : ""));
      f.add(number(t.value()));
      f.add(number(t.lastValue()));
      f.add(Csv.number(t.bestEpoch()));
      f.add(Csv.number(t.trainableParams()));
      for (int e = 1; e <= epochs; e++) {
        f.add(number(t.intermediateValues().get(e)));
      }
      out.append(Csv.line(f));
    }
    return out.toString();
  }

  private static String number(Double d) {
    return d == null ? "" : Csv.number(d.doubleValue());
  }
}
