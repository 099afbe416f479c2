package org.gistsweep.cli.loadharness;

import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.WireMessage;

/**
 * Instant, deterministic "training": the accuracy of epoch e rises towards a ceiling set by the
 * trial's learning rate (best near 1e-2), plus a small per-trial offset, so pruners and the best
 * trial have something real to compare. No model, no data.
 */
final class SyntheticTraining {
  /** Parameters every simulated model reports (the GIST adapter tiny ViT's order of magnitude). */
  static final long TRAINABLE_PARAMS = 41_258;

  static final long TOTAL_PARAMS = 5_562_026;

  private SyntheticTraining() {}

  /** The top-1 accuracy of {@code epoch} (1-based) of this assignment, in (0, 1). */
  static double valTop1(TrialAssignment a, int epoch) {
    double lr = a.params().get("lr") instanceof Number n ? n.doubleValue() : 1e-2;
    double distance = Math.abs(Math.log10(lr) + 2.0);
    double ceiling = 0.95 - 0.25 * distance + 0.02 * jitter(a.trial());
    double progress = 1.0 - Math.exp(-epoch / 2.0);
    return Math.max(0.01, Math.min(0.99, 0.1 + (ceiling - 0.1) * progress));
  }

  /** The metrics event of one epoch, sent by {@code worker} at {@code now}. */
  static EpochMetrics epoch(TrialAssignment a, String worker, int epoch, long now) {
    double top1 = valTop1(a, epoch);
    double loss = 2.3 * (1.0 - top1);
    return new EpochMetrics(
        WireMessage.SCHEMA_VERSION,
        a.study(),
        a.trial(),
        a.attempt(),
        now,
        worker,
        epoch,
        loss,
        loss * 0.9,
        0.0,
        0.0,
        0.0,
        top1,
        1e-2,
        0.0,
        0.0,
        a.attemptToken());
  }

  private static double jitter(int trial) {
    long h = trial * 0x9E3779B97F4A7C15L;
    return ((h >>> 11) % 1000) / 1000.0 - 0.5;
  }
}
