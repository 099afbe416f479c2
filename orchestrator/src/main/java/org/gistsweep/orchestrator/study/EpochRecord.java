package org.gistsweep.orchestrator.study;

import org.gistsweep.common.wire.EpochMetrics;

/**
 * The metrics of one epoch of a trial, as reported by its worker (see {@link EpochMetrics} for the
 * meaning of each field).
 */
public record EpochRecord(
    int epoch,
    double trainLoss,
    double ceCls,
    double ceGist,
    double klClsGist,
    double klGistCls,
    double valTop1,
    double lr,
    double epochSeconds,
    double imagesPerSecond) {

  /** The record of a wire message. */
  public static EpochRecord of(EpochMetrics m) {
    return new EpochRecord(
        m.epoch(),
        m.trainLoss(),
        m.ceCls(),
        m.ceGist(),
        m.klClsGist(),
        m.klGistCls(),
        m.valTop1(),
        m.lr(),
        m.epochSeconds(),
        m.imagesPerSecond());
  }

  /**
   * The value of an objective metric in this epoch.
   *
   * @param metric {@code val_top1} or {@code train_loss}
   */
  public double metric(String metric) {
    return switch (metric) {
      case "val_top1" -> valTop1;
      case "train_loss" -> trainLoss;
      default -> throw new IllegalArgumentException("unknown objective metric " + metric);
    };
  }
}
