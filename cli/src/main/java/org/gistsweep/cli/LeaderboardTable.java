package org.gistsweep.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gistsweep.common.trial.Direction;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.study.ResumeNote;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;

/** The final leaderboard as a plain-text table: best trials first, unfinished and failed last. */
final class LeaderboardTable {
  private LeaderboardTable() {}

  static String render(StudySnapshot study) {
    Direction direction = study.direction();
    List<TrialSnapshot> ranked = new ArrayList<>(study.trials());
    Comparator<TrialSnapshot> byValue =
        Comparator.comparing((TrialSnapshot t) -> t.value() == null)
            .thenComparing(
                t ->
                    t.value() == null
                        ? 0.0
                        : (direction == Direction.MAXIMIZE ? -t.value() : t.value()))
            .thenComparing(TrialSnapshot::number);
    ranked.sort(byValue);
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "Leaderboard of %s (%s %s, best over epochs)%n",
            study.id(), direction.wireName(), study.metric()));
    if (!study.isComplete()) {
      b.append(String.format("Study state: %s%n", study.state()));
    }
    b.append(
        String.format(
            "%4s  %5s  %-9s  %8s  %6s  %9s  %s%n",
            "rank", "trial", "state", study.metric(), "epochs", "trainable", "params"));
    int rank = 1;
    for (TrialSnapshot t : ranked) {
      String value = t.value() == null ? "-" : String.format("%.4f", t.value());
      String r = t.value() == null ? "-" : Integer.toString(rank++);
      b.append(
          String.format(
              "%4s  %5d  %-9s  %8s  %6s  %,9d  %s%n",
              r,
              t.number(),
              t.state(),
              value,
              t.epochs().size() + "/" + t.totalEpochs(),
              t.trainableParams(),
              params(t.params())));
      String note = ResumeNote.of(t.attempts());
      if (note != null) {
        b.append(
            String.format(
                "%4s  %5s  %s%n",
                "", "",
                note)); // e.g. resumed at epoch 4 (checkpoint of attempt 1) after worker w-3 was
        // lost
      }
    }
    b.append(pruningSummary(study));
    return b.toString();
  }

  /**
   * What pruning saved, e.g. "Pruning stopped 7 of 12 trials early and saved 14 of 36 epochs
   * (39%).", or "".
   */
  static String pruningSummary(StudySnapshot study) {
    long pruned = study.trials().stream().filter(t -> t.state() == TrialState.PRUNED).count();
    long budget = study.trials().stream().mapToLong(TrialSnapshot::totalEpochs).sum();
    if (pruned == 0 || budget == 0) {
      return "";
    }
    long saved = study.prunedEpochsSaved();
    return String.format(
        "Pruning stopped %d of %d trials early and saved %d of %d epochs (%.0f%%).%n",
        pruned, study.trials().size(), saved, budget, 100.0 * saved / budget);
  }

  static String params(Map<String, Object> params) {
    return params.entrySet().stream()
        .map(e -> e.getKey() + "=" + format(e.getValue()))
        .collect(Collectors.joining(" "));
  }

  private static String format(Object v) {
    if (v instanceof Double d) {
      return Math.abs(d) < 1e-2 && d != 0 ? String.format("%.2e", d) : String.format("%.3f", d);
    }
    return String.valueOf(v);
  }
}
