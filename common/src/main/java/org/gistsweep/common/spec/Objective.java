package org.gistsweep.common.spec;

import org.gistsweep.common.trial.Direction;

/**
 * What a sweep optimises: a per-epoch metric (its best value over a trial's epochs counts) and a
 * direction.
 *
 * @param metric {@code val_top1} (the only metric workers report as an objective today)
 */
public record Objective(String metric, Direction direction) {
  /** The metric names an objective may use. */
  public static final java.util.List<String> METRICS = java.util.List.of("val_top1", "train_loss");
}
