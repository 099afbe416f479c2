package org.gistsweep.orchestrator.sampler.tpe;

/**
 * TPE settings, with Optuna's names where Optuna has them. {@link #defaults()}: multivariate with
 * group decomposition, constant liar, 10 startup trials, 24 EI candidates, prior weight 1, magic
 * clip, and neighbour-gap kernel widths in every dimension (Optuna 2.2 to 4.x give multivariate
 * kernels Scott's rule instead, see {@code scott}). Chosen by measurement: {@code ./gist-sweep
 * bench-sampler} compares them with univariate and Scott settings and with Optuna 3.1.
 *
 * @param startupTrials COMPLETE+PRUNED trials below which suggestions are random
 * @param eiCandidates candidates drawn from l(x) per group; the best log l - log g wins
 * @param multivariate joint product kernels per group (false: every parameter on its own)
 * @param group decompose the space into groups (false: one group of the always-present parameters)
 * @param constantLiar RUNNING and WAITING trials count as "above", pushing parallel workers apart
 * @param priorWeight weight of the prior kernel (and of the categorical smoothing)
 * @param magicClip clip bandwidths below at range / min(100, 1 + kernels)
 * @param scott multivariate kernels get Optuna 2.2-4.x's width 0.2 * n^(-1/(d+4)) * range in every
 *     dimension instead of each observation's neighbour gap (ignored when not multivariate)
 */
public record TpeOptions(
    int startupTrials,
    int eiCandidates,
    boolean multivariate,
    boolean group,
    boolean constantLiar,
    double priorWeight,
    boolean magicClip,
    boolean scott) {

  public TpeOptions {
    if (startupTrials < 0) {
      throw new IllegalArgumentException("startupTrials must be >= 0, got " + startupTrials);
    }
    if (eiCandidates < 1) {
      throw new IllegalArgumentException("eiCandidates must be >= 1, got " + eiCandidates);
    }
    if (!(priorWeight > 0) || Double.isInfinite(priorWeight)) {
      throw new IllegalArgumentException("priorWeight must be a positive number, got " + priorWeight);
    }
  }

  /** The defaults described above. */
  public static TpeOptions defaults() {
    return new TpeOptions(10, 24, true, true, true, 1.0, true, false);
  }

  /** These options with {@code multivariate} and {@code group} both set as given. */
  public TpeOptions withMultivariate(boolean on) {
    return new TpeOptions(startupTrials, eiCandidates, on, on, constantLiar, priorWeight, magicClip, scott);
  }

  /** These options with {@code constantLiar} set as given. */
  public TpeOptions withConstantLiar(boolean on) {
    return new TpeOptions(startupTrials, eiCandidates, multivariate, group, on, priorWeight, magicClip, scott);
  }

  /** These options with {@code scott} set as given. */
  public TpeOptions withScott(boolean on) {
    return new TpeOptions(startupTrials, eiCandidates, multivariate, group, constantLiar, priorWeight, magicClip, on);
  }
}
