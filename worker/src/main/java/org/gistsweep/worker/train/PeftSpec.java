package org.gistsweep.worker.train;

import org.gistsweep.common.spec.PeftMethod;
import org.gistsweep.common.spec.TrainingSettings;

/**
 * The model-shaping part of a trial's settings: PEFT method and sizes, Gist tokens, drop-path.
 *
 * @param method the PEFT method
 * @param adapterDim adapter bottleneck width
 * @param adapterScale fixed adapter output scale
 * @param loraRank LoRA rank r
 * @param loraAlpha LoRA alpha (scale alpha / r)
 * @param gistTokens number of Gist tokens, 0 for GIST off
 * @param gistDropout dropout rate on the Gist token(s) during training
 * @param dropPath stochastic depth rate of the last block (linearly increasing from 0)
 * @param promptLength VPT prompt tokens (per block for VPT deep)
 */
record PeftSpec(
    PeftMethod method,
    int adapterDim,
    double adapterScale,
    int loraRank,
    double loraAlpha,
    int gistTokens,
    double gistDropout,
    double dropPath,
    int promptLength) {

  /** A spec with the default prompt length (10). */
  PeftSpec(
      PeftMethod method,
      int adapterDim,
      double adapterScale,
      int loraRank,
      double loraAlpha,
      int gistTokens,
      double gistDropout,
      double dropPath) {
    this(
        method,
        adapterDim,
        adapterScale,
        loraRank,
        loraAlpha,
        gistTokens,
        gistDropout,
        dropPath,
        10);
  }

  static PeftSpec of(TrainingSettings s) {
    return new PeftSpec(
        s.peft(),
        s.adapterDim(),
        s.adapterScale(),
        s.loraRank(),
        s.loraAlpha(),
        s.gist() ? s.gistTokens() : 0,
        s.gistDropout(),
        s.dropPath(),
        s.promptLength());
  }

  /** Plain full fine-tuning without GIST, as used for pretraining. */
  static PeftSpec full(double dropPath) {
    return new PeftSpec(PeftMethod.FULL, 4, 0.1, 8, 8, 0, 0, dropPath);
  }

  boolean adapter() {
    return method == PeftMethod.ADAPTER;
  }

  boolean lora() {
    return method == PeftMethod.LORA;
  }

  boolean sequentialAdapter() {
    return method == PeftMethod.SEQUENTIAL_ADAPTER;
  }

  /** VPT shallow or deep. */
  boolean vpt() {
    return method == PeftMethod.VPT_SHALLOW || method == PeftMethod.VPT_DEEP;
  }

  boolean ssf() {
    return method == PeftMethod.SSF;
  }

  boolean gist() {
    return gistTokens > 0;
  }
}
