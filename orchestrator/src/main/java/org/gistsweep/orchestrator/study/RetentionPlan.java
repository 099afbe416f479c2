package org.gistsweep.orchestrator.study;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.gistsweep.common.spec.Retention;
import org.gistsweep.common.trial.Direction;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.ArtifactRef;

/**
 * Which trials keep their weights under the study's {@code retain: {best: K}}, and which weights
 * are due for deletion: a pure function of the study as its journal gives it, so a restarted
 * orchestrator decides the same.
 *
 * <ul>
 *   <li>One objective: the {@code K} best COMPLETE trials with a finite value, ties to the lower
 *       number.
 *   <li>Several objectives: the whole Pareto front of the COMPLETE trials (see {@link
 *       StudySnapshot#paretoFront()}) whatever its size, when {@code K > 0}; none when {@code K =
 *       0}.
 *   <li>Attempt logs are never due: they are kept for every trial.
 * </ul>
 *
 * <p>A trial that leaves the kept set never comes back: the trials that beat it (or dominate it)
 * are finished and frozen, and a later trial can only push it further down (ties go to the lower,
 * earlier number). So deleting what is not kept now never deletes what a later state keeps.
 */
public final class RetentionPlan {
  private RetentionPlan() {}

  /**
   * The weights to delete for one trial.
   *
   * @param trial the trial number
   * @param keys every weight and sidecar key it may have: those its final attempt reported, and the
   *     standard names ({@link TrialArtifact#WEIGHT_NAMES}) of each of its attempts (an attempt
   *     that stored files but died before reporting them leaves them there); deleting a missing key
   *     is fine
   */
  public record Deletion(int trial, List<String> keys) {
    public Deletion {
      keys = List.copyOf(keys);
    }
  }

  /** The numbers of the trials that keep their weights now. */
  public static Set<Integer> kept(StudySnapshot study) {
    Retention retain = study.spec().retain();
    if (retain.best() == 0) {
      return Set.of();
    }
    if (study.spec().isMultiObjective()) {
      return new TreeSet<>(study.paretoFront());
    }
    Direction direction = study.direction();
    Comparator<TrialSnapshot> best =
        (a, b) ->
            direction.isBetter(a.value(), b.value())
                ? -1
                : direction.isBetter(b.value(), a.value()) ? 1 : 0;
    return study.trials().stream()
        .filter(
            t ->
                t.state() == TrialState.COMPLETE && t.value() != null && Double.isFinite(t.value()))
        .sorted(best.thenComparingInt(TrialSnapshot::number))
        .limit(retain.best())
        .map(TrialSnapshot::number)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The deletions due: one per finished trial that is not {@link #kept} and whose weights were not
   * deleted yet. Live trials are never touched.
   */
  public static List<Deletion> due(StudySnapshot study) {
    Set<Integer> kept = kept(study);
    List<Deletion> out = new ArrayList<>();
    for (TrialSnapshot t : study.trials()) {
      if (t.state().isFinished() && !t.weightsDeleted() && !kept.contains(t.number())) {
        out.add(new Deletion(t.number(), keys(study.id(), t)));
      }
    }
    return out;
  }

  /** Every weight and sidecar key trial {@code t} may have in the store, sorted. */
  static List<String> keys(String study, TrialSnapshot t) {
    Set<String> keys = new TreeSet<>();
    t.artifacts().stream().filter(TrialArtifact::isWeights).forEach(a -> keys.add(a.key()));
    for (int attempt = 1; attempt <= t.attempt(); attempt++) {
      for (String name : TrialArtifact.WEIGHT_NAMES) {
        keys.add(ArtifactRef.keyOf(study, t.number(), attempt, name));
      }
    }
    return List.copyOf(keys);
  }
}
