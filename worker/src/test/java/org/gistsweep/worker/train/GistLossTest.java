package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class GistLossTest {
  private static final float[][] CLS = {{2.0f, -1.0f, 0.5f}, {0.1f, 0.2f, 0.3f}};
  private static final float[][] GIST = {{1.0f, 0.0f, -1.0f}, {-0.5f, 1.5f, 0.0f}};
  private static final int[] Y = {0, 2};

  private static double[] logSoftmax(float[] s, double t) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : s) {
      max = Math.max(max, v / t);
    }
    double sum = 0;
    for (float v : s) {
      sum += Math.exp(v / t - max);
    }
    double[] out = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = s[i] / t - max - Math.log(sum);
    }
    return out;
  }

  private static double ce(float[][] s) {
    double acc = 0;
    for (int i = 0; i < s.length; i++) {
      acc -= logSoftmax(s[i], 1)[Y[i]];
    }
    return acc / s.length;
  }

  private static double kl(float[][] p, float[][] q, double t) {
    double acc = 0;
    for (int i = 0; i < p.length; i++) {
      double[] lp = logSoftmax(p[i], t);
      double[] lq = logSoftmax(q[i], t);
      for (int c = 0; c < lp.length; c++) {
        acc += Math.exp(lp[c]) * (lp[c] - lq[c]);
      }
    }
    return acc / p.length;
  }

  @Test
  void termsMatchHandComputedValues() {
    Engine.getEngine("PyTorch");
    GistLoss loss = new GistLoss(0.5, 0.75, 0.25, 3.0);
    try (NDManager m = NDManager.newBaseManager()) {
      GistLoss.Terms t = loss.compute(new GistVit.Logits(m.create(CLS), m.create(GIST)), Y);

      double ceCls = ce(CLS);
      double ceGist = ce(GIST);
      double klCg = kl(CLS, GIST, 3.0);
      double klGc = kl(GIST, CLS, 3.0);
      assertThat((double) t.ceCls().getFloat()).isCloseTo(ceCls, within(1e-5));
      assertThat((double) t.ceGist().getFloat()).isCloseTo(ceGist, within(1e-5));
      assertThat((double) t.klClsGist().getFloat()).isCloseTo(klCg, within(1e-6));
      assertThat((double) t.klGistCls().getFloat()).isCloseTo(klGc, within(1e-6));
      assertThat((double) t.total().getFloat())
          .isCloseTo(ceCls + 0.5 * ceGist + 0.75 * klCg + 0.25 * klGc, within(1e-5));
      assertThat(klCg).isNotCloseTo(klGc, within(1e-4)); // the two directions differ
    }
  }

  @Test
  void gistOffIsPlainCrossEntropy() {
    Engine.getEngine("PyTorch");
    try (NDManager m = NDManager.newBaseManager()) {
      GistLoss.Terms t =
          new GistLoss(0.5, 0.75, 0.75, 3.0).compute(new GistVit.Logits(m.create(CLS), null), Y);
      assertThat((double) t.total().getFloat()).isCloseTo(ce(CLS), within(1e-5));
      assertThat(t.ceGist()).isNull();
    }
  }
}
