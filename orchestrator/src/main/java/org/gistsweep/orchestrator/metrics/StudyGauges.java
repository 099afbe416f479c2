package org.gistsweep.orchestrator.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.study.StudySnapshot;

/**
 * Studies by state and trials by state per study, read from the latest immutable snapshots when
 * scraped (never on the study owner's context). Every state appears, with 0 where none.
 */
final class StudyGauges {
  private final Supplier<List<StudySnapshot>> studies;
  private final MultiGauge byState;
  private final MultiGauge trials;

  StudyGauges(MeterRegistry registry, Supplier<List<StudySnapshot>> studies) {
    this.studies = studies;
    byState =
        MultiGauge.builder("gist.studies")
            .description(
                "Studies by state (running, paused, stopping, complete, stopped, cancelled)")
            .register(registry);
    trials =
        MultiGauge.builder("gist.trials")
            .description("Trials by state, per study")
            .register(registry);
  }

  /** Sets every gauge from the snapshots now; called before each scrape. */
  void refresh() {
    List<StudySnapshot> all = studies.get();
    Map<String, Integer> studyCounts =
        new TreeMap<>(
            Map.of(
                StudySnapshot.RUNNING,
                0,
                StudySnapshot.PAUSED,
                0,
                StudySnapshot.STOPPING,
                0,
                StudySnapshot.COMPLETE,
                0,
                StudySnapshot.STOPPED,
                0,
                StudySnapshot.CANCELLED,
                0));
    List<MultiGauge.Row<?>> trialRows = new ArrayList<>();
    for (StudySnapshot s : all) {
      studyCounts.merge(s.state(), 1, Integer::sum);
      for (TrialState state : TrialState.values()) {
        trialRows.add(
            MultiGauge.Row.of(
                Tags.of("study", s.id(), "state", state.name()),
                s.counts().getOrDefault(state, 0)));
      }
    }
    List<MultiGauge.Row<?>> studyRows = new ArrayList<>();
    studyCounts.forEach((state, n) -> studyRows.add(MultiGauge.Row.of(Tags.of("state", state), n)));
    byState.register(studyRows, true);
    trials.register(trialRows, true);
  }
}
