package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.gistsweep.common.spec.TrainingSettings;

/**
 * The GIST objective:
 *
 * <pre>
 *   L = CE(s_cls, y) + w_gist * CE(s_gist, y)
 *       + w_cg * KL(p_cls^T || p_gist^T) + w_gc * KL(p_gist^T || p_cls^T),   p^T = softmax(s / T)
 * </pre>
 *
 * KL(p||q) = sum_c p_c (log p_c - log q_c) from log-softmax, summed over classes and averaged over
 * the batch; no detach, no T^2 factor. With GIST off, L = CE(s_cls, y).
 *
 * @param gistCeWeight w_gist
 * @param klClsGistWeight w_cg
 * @param klGistClsWeight w_gc
 * @param temperature T
 */
record GistLoss(
    double gistCeWeight, double klClsGistWeight, double klGistClsWeight, double temperature) {
  /** The loss and its unweighted terms (scalars); the GIST terms are null with GIST off. */
  record Terms(
      NDArray total, NDArray ceCls, NDArray ceGist, NDArray klClsGist, NDArray klGistCls) {}

  static GistLoss of(TrainingSettings s) {
    return new GistLoss(
        s.gistCeWeight(), s.klClsGistWeight(), s.klGistClsWeight(), s.temperature());
  }

  /** Computes the loss of {@code logits} against {@code labels}, in the logits' manager. */
  Terms compute(GistVit.Logits logits, int[] labels) {
    NDArray sCls = logits.cls();
    NDManager m = sCls.getManager();
    int classes = (int) sCls.getShape().get(1);
    float[] hot = new float[labels.length * classes];
    for (int i = 0; i < labels.length; i++) {
      hot[i * classes + labels[i]] = 1f;
    }
    NDArray oneHot = m.create(hot, new Shape(labels.length, classes));
    NDArray ceCls = crossEntropy(sCls, oneHot);
    if (logits.gist() == null) {
      return new Terms(ceCls, ceCls, null, null, null);
    }
    NDArray sGist = logits.gist();
    NDArray ceGist = crossEntropy(sGist, oneHot);
    NDArray invT = m.create((float) (1.0 / temperature));
    NDArray logPc = sCls.mul(invT).logSoftmax(1);
    NDArray logPg = sGist.mul(invT).logSoftmax(1);
    NDArray klCg = kl(logPc, logPg);
    NDArray klGc = kl(logPg, logPc);
    NDArray total =
        ceCls
            .add(ceGist.mul(m.create((float) gistCeWeight)))
            .add(klCg.mul(m.create((float) klClsGistWeight)))
            .add(klGc.mul(m.create((float) klGistClsWeight)));
    return new Terms(total, ceCls, ceGist, klCg, klGc);
  }

  private static NDArray crossEntropy(NDArray logits, NDArray oneHot) {
    return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
  }

  /** KL(p || q) from log-probabilities, summed over classes, averaged over the batch. */
  private static NDArray kl(NDArray logP, NDArray logQ) {
    return logP.exp().mul(logP.sub(logQ)).sum(new int[] {1}).mean();
  }
}
