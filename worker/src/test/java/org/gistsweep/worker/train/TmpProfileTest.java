package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import org.gistsweep.common.spec.PeftMethod;
import org.gistsweep.worker.data.Normalization;
import org.gistsweep.worker.data.VtabDataset;
import org.junit.jupiter.api.Test;

class TmpProfileTest {
  @Test
  void profile() {
    ModelFixtures.engine();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Backbone bb = BackboneResolver.resolve("builtin:vit-tiny-shapes", Path.of("/tmp/gist-sweep-bench/cache"));
    VtabDataset train = VtabDataset.load(Path.of("/tmp/gist-sweep-bench/data"), "synthetic-shapes", "train800", 32);
    for (int v : new int[] {0, 1, 2, 3, 4, 0, 1, 2, 3, 4}) {
      boolean realImages = v % 2 == 1;
      boolean adam = v >= 2 && v < 4;
      int gist = v == 4 ? 0 : 1;
      try (NDManager m = NDManager.newBaseManager()) {
        GistVit model = new GistVit(m, VitArch.VIT_TINY, 6, new PeftSpec(PeftMethod.ADAPTER, 4, 0.1, 8, 8, gist, 0.1, 0), ModelFixtures.uniform(), 3);
        Checkpoints.load(model, bb.tensors(), Checkpoints::isBackbone, "bb");
        var trainable = TrainableSet.apply(model.table(), PeftMethod.ADAPTER);
        AdamW opt = new AdamW(trainable, 5e-5, m);
        double f = 0, b = 0, o = 0;
        for (int step = 0; step < 25; step++) {
          try (NDManager batch = m.newSubManager()) {
            int[] idx = new int[32];
            for (int i = 0; i < 32; i++) idx[i] = (step * 32 + i) % train.size();
            NDArray images = realImages || v == 4 ? Batches.images(train, idx, Normalization.HALF, batch) : batch.randomNormal(new Shape(32, 3, 32, 32));
            long t1 = mx.getCurrentThreadCpuTime();
            long t2;
            long t3;
            try (ThreadGradientCollector gc = new ThreadGradientCollector(opt.parameters())) {
              GistLoss.Terms t = new GistLoss(0.5, 0.75, 0.75, 3).compute(model.forward(images, true), train.labels(idx));
              t.total().getFloat();
              t2 = mx.getCurrentThreadCpuTime();
              gc.backward(t.total());
              t3 = mx.getCurrentThreadCpuTime();
            }
            if (adam || v == 4) { opt.step(5e-3, batch); }
            long t4 = mx.getCurrentThreadCpuTime();
            if (step >= 5) { f += (t2 - t1) / 1e6; b += (t3 - t2) / 1e6; o += (t4 - t3) / 1e6; }
          }
        }
        System.out.printf("PROF gist %d real %s adam %s cpu-ms fwd %.1f bwd %.1f opt %.1f%n", gist, realImages || v == 4, adam || v == 4, f / 20, b / 20, o / 20);
      }
    }
  }
}
