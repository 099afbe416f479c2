package org.gistsweep.common.spec;

import java.util.List;
import org.gistsweep.common.trial.Direction;

/**
 * What a sweep optimises: a metric (for per-epoch metrics, the best value over a trial's epochs
 * counts) and a direction.
 *
 * @param metric one of {@link #METRICS} in sweep files; ask/tell studies name their objectives
 *     {@code value} (one) or {@code value_0}, {@code value_1}, ... (several)
 */
public record Objective(String metric, Direction direction) {
  /** The trial's trainable parameter count: constant per trial, known once the trial starts. */
  public static final String TRAINABLE_PARAMS = "trainable_params";

  /** The metric names a sweep file's objective may use. */
  public static final List<String> METRICS = List.of("val_top1", "train_loss", TRAINABLE_PARAMS);
}
