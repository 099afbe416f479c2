package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.gistsweep.common.spec.PeftMethod;
import org.junit.jupiter.api.Test;

class TmpProfileTest {
  @Test
  void profile() {
    ModelFixtures.engine();
    for (int v : new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2}) {
      int gist = v == 0 ? 0 : 1;
      double drop = v == 2 ? 0.0 : 0.1;
      try (NDManager m = NDManager.newBaseManager()) {
        GistVit model = new GistVit(m, VitArch.VIT_TINY, 6, new PeftSpec(PeftMethod.ADAPTER, 4, 0.1, 8, 8, gist, drop, 0), ModelFixtures.uniform(), 3);
        var trainable = TrainableSet.apply(model.table(), PeftMethod.ADAPTER);
        int frozenWithGrad = 0;
        for (ParamTable.Entry e : model.table().entries()) {
          if (!trainable.contains(e) && JniUtils.requiresGrad((PtNDArray) e.array())) frozenWithGrad++;
        }
        double f = 0, b = 0;
        for (int step = 0; step < 25; step++) {
          try (NDManager batch = m.newSubManager()) {
            NDArray images = batch.randomNormal(new Shape(32, 3, 32, 32));
            try (ThreadGradientCollector gc = new ThreadGradientCollector(trainable.stream().map(ParamTable.Entry::array).toList())) {
              long t0 = System.nanoTime();
              GistLoss.Terms t = new GistLoss(0.5, 0.75, 0.75, 3).compute(model.forward(images, true), new int[32]);
              t.total().getFloat();
              long t1 = System.nanoTime();
              gc.backward(t.total());
              long t2 = System.nanoTime();
              if (step >= 5) { f += (t1 - t0) / 1e6; b += (t2 - t1) / 1e6; }
            }
          }
        }
        System.out.printf("PROF drop " + drop + " gist %d frozenWithGrad %d fwd ms %.1f bwd ms %.1f%n", gist, frozenWithGrad, f / 20, b / 20);
      }
    }
  }
}
