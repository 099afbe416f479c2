package org.gistsweep.orchestrator.pruner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.gistsweep.common.spec.PrunerSpec;
import org.gistsweep.common.trial.Direction;

/**
 * Promotion ASHA (Li et al., MLSys 2020, Algorithm 2; Syne Tune's {@code type="promotion"}): a pure
 * function of the study's trials. Rungs sit at {@code r * eta^(s + k)} epochs below the trials'
 * epochs; a trial trains to its next rung and pauses there (its worker stores a checkpoint and
 * hands it back). When a slot is free, the rungs are scanned from the top down: a trial paused at
 * rung {@code k} that is among the top {@code floor(n_k / eta)} of the {@code n_k} trials that
 * reached rung {@code k} is promoted (it resumes from its checkpoint and trains to the next rung,
 * or to the end from the last rung); when none is, a new trial is started. So no epoch is trained
 * twice and a rung holding fewer than {@code eta} trials promotes none.
 *
 * <p>The end of a study (deviation: a sweep has a trial budget, the paper an open-ended stream):
 * once no trial can be started and none is live, a rung's best paused trial is promoted even when
 * the rung holds fewer than {@code eta} trials ({@code keep = max(1, floor(n / eta))}, as stopping
 * ASHA lets the best so far go on), so a study ends with its best trial trained to the end; the
 * paused trials left then are never promoted (the study ends them PRUNED).
 *
 * <p>Order within a rung: non-dominated rank of the trials' vectors at the rung ({@link Pareto};
 * for one objective, the value), ties to the lower trial number. Vectors with a NaN never compete
 * and are never promoted. A trial's value at a rung is its first report at or after the rung's
 * epoch.
 */
public final class PromotionAsha {
  private final long minResource;
  private final int eta;
  private final int minEarlyStoppingRate;
  private final List<Direction> directions;

  PromotionAsha(long minResource, int eta, int minEarlyStoppingRate, List<Direction> directions) {
    this.minResource = minResource;
    this.eta = eta;
    this.minEarlyStoppingRate = minEarlyStoppingRate;
    this.directions = List.copyOf(directions);
  }

  /** The promotion rules of an {@code asha} pruner block (any mode). */
  public static PromotionAsha of(PrunerSpec spec, List<Direction> directions) {
    return new PromotionAsha(
        spec.minResource(), spec.reductionFactor(), spec.minEarlyStoppingRate(), directions);
  }

  /** The epoch of rung {@code k}; {@code Long.MAX_VALUE} once it would overflow. */
  long rungStep(int k) {
    return AsyncHyperbandPruner.rungStep(minResource, eta, minEarlyStoppingRate, k);
  }

  /**
   * The epoch a trial that has trained {@code reached} epochs pauses after next: the first rung
   * above {@code reached}, or 0 (train to the end) when that rung is not below {@code totalEpochs}.
   */
  public int pauseAfter(int reached, int totalEpochs) {
    for (int k = 0; ; k++) {
      long rung = rungStep(k);
      if (rung >= totalEpochs) {
        return 0;
      }
      if (rung > reached) {
        return (int) rung;
      }
    }
  }

  /**
   * The trial to promote into a free slot, or empty (then start a new trial).
   *
   * @param trials every trial of the study, with its reports by epoch
   * @param paused the numbers of the trials paused at a rung (their latest epoch), waiting for a
   *     promotion
   * @param draining no trial can be started and none is live: each rung promotes at least its best
   */
  public OptionalInt promote(List<PrunerTrial> trials, Set<Integer> paused, boolean draining) {
    if (paused.isEmpty()) {
      return OptionalInt.empty();
    }
    int top = 0;
    for (PrunerTrial t : trials) {
      if (paused.contains(t.number())) {
        top = Math.max(top, rungOf(t.lastStep()));
      }
    }
    for (int k = top; k >= 0; k--) {
      OptionalInt chosen = promoteAt((int) rungStep(k), trials, paused, draining);
      if (chosen.isPresent()) {
        return chosen;
      }
    }
    return OptionalInt.empty();
  }

  /** The index of the highest rung at or below {@code epoch} (0 when below the first). */
  private int rungOf(int epoch) {
    int k = 0;
    while (rungStep(k + 1) <= epoch) {
      k++;
    }
    return k;
  }

  /** The best trial paused at {@code rung} that is in the rung's top {@code floor(n / eta)}. */
  private OptionalInt promoteAt(
      int rung, List<PrunerTrial> trials, Set<Integer> paused, boolean draining) {
    List<PrunerTrial> reached = new ArrayList<>();
    List<List<Double>> vectors = new ArrayList<>();
    for (PrunerTrial t : trials) {
      List<Double> v = t.atOrAfter(rung);
      if (v != null && !Pareto.hasNaN(v)) {
        reached.add(t);
        vectors.add(v);
      }
    }
    int keep =
        draining && !reached.isEmpty() ? Math.max(1, reached.size() / eta) : reached.size() / eta;
    if (keep == 0) {
      return OptionalInt.empty();
    }
    int[] ranks = Pareto.ranks(vectors, directions);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < reached.size(); i++) {
      order.add(i);
    }
    order.sort(
        Comparator.<Integer>comparingInt(i -> ranks[i])
            .thenComparingInt(i -> reached.get(i).number()));
    for (int i : order.subList(0, keep)) {
      PrunerTrial t = reached.get(i);
      if (paused.contains(t.number()) && t.lastStep() == rung) {
        return OptionalInt.of(t.number());
      }
    }
    return OptionalInt.empty();
  }
}
