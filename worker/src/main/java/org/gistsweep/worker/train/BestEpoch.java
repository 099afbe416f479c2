package org.gistsweep.worker.train;

import org.gistsweep.common.spec.Objective;
import org.gistsweep.common.wire.AssignedObjective;
import org.gistsweep.common.wire.TrialAssignment;

/**
 * Which epoch's weights a trial keeps as its best, by the study's objective: {@code val_top1} or
 * {@code train_loss} in the objective's direction (the first of equal epochs), {@code
 * trainable_params} (constant per trial) the last epoch. An objective no epoch measures (an
 * ask/tell {@code value}) falls back to {@code val_top1}, maximised.
 */
final class BestEpoch {
  private final AssignedObjective objective;

  BestEpoch(AssignedObjective objective) {
    this.objective =
        switch (objective.metric()) {
          case "val_top1", "train_loss", Objective.TRAINABLE_PARAMS -> objective;
          default -> TrialAssignment.DEFAULT_OBJECTIVE;
        };
  }

  /** The objective epochs are compared by. */
  AssignedObjective objective() {
    return objective;
  }

  /** Whether {@code candidate} replaces {@code incumbent} (null: none yet) as the best epoch. */
  boolean better(EpochResult candidate, EpochResult incumbent) {
    if (incumbent == null || Objective.TRAINABLE_PARAMS.equals(objective.metric())) {
      return true;
    }
    return objective.isBetter(value(candidate), value(incumbent));
  }

  /** The objective's value at {@code epoch}; {@code trainableParams} for the parameter count. */
  double value(EpochResult epoch, long trainableParams) {
    return Objective.TRAINABLE_PARAMS.equals(objective.metric()) ? trainableParams : value(epoch);
  }

  private double value(EpochResult epoch) {
    return "train_loss".equals(objective.metric()) ? epoch.trainLoss() : epoch.valTop1();
  }
}
