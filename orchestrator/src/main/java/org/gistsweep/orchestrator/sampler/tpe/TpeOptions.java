package org.gistsweep.orchestrator.sampler.tpe;

/**
 * TPE settings, with Optuna's names where Optuna has them. {@link #defaults()}: multivariate with
 * group decomposition, constant liar, 10 startup trials, 24 EI candidates, magic clip,
 * neighbour-gap kernel widths in every dimension (Optuna 2.2 to 4.x give multivariate kernels
 * Scott's rule instead, see {@code scott}) and prior weight 4 (Optuna: 1).
 *
 * <p>Chosen by measurement ({@code ./gist-sweep bench-sampler}, which prints these against
 * univariate, Scott and prior-weight-1 settings and against Optuna 3.1): neighbour-gap widths beat
 * Scott's rule on 5 of 7 problems and lose on none; prior weight 1 was significantly worse than
 * Optuna's multivariate TPE on sphere-10d with 8 asynchronous workers (narrow product kernels
 * exploit a stale best point), prior weight 4 was not, on seeds 0-19 and again on held-out seeds
 * 20-39, and was no worse than weight 1 elsewhere. A heavier prior also smooths categorical kernels
 * more (weight priorWeight/(n+1) on every choice).
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
      throw new IllegalArgumentException(
          "priorWeight must be a positive number, got " + priorWeight);
    }
  }

  /** The defaults described above. */
  public static TpeOptions defaults() {
    return new TpeOptions(10, 24, true, true, true, 4.0, true, false);
  }

  /** These options with {@code multivariate} and {@code group} both set as given. */
  public TpeOptions withMultivariate(boolean on) {
    return new TpeOptions(
        startupTrials, eiCandidates, on, on, constantLiar, priorWeight, magicClip, scott);
  }

  /** These options with {@code constantLiar} set as given. */
  public TpeOptions withConstantLiar(boolean on) {
    return new TpeOptions(
        startupTrials, eiCandidates, multivariate, group, on, priorWeight, magicClip, scott);
  }

  /** These options with {@code priorWeight} set as given. */
  public TpeOptions withPriorWeight(double weight) {
    return new TpeOptions(
        startupTrials, eiCandidates, multivariate, group, constantLiar, weight, magicClip, scott);
  }

  /** These options with {@code scott} set as given. */
  public TpeOptions withScott(boolean on) {
    return new TpeOptions(
        startupTrials, eiCandidates, multivariate, group, constantLiar, priorWeight, magicClip, on);
  }
}
