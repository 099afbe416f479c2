package org.gistsweep.worker.train;

import ai.djl.engine.Engine;
import org.junit.jupiter.api.Assumptions;

/**
 * The second half of a GPU test's precondition, after {@code @RequiresTool(Tool.GPU)} found a GPU
 * and its driver: DJL's PyTorch engine must see it too, which it does only with a CUDA libtorch
 * (the Maven build ships the CPU one; see docs/gpu.md).
 */
final class DjlCuda {
  private DjlCuda() {}

  static void assumeDjlSeesAGpu() {
    int gpus = Engine.getEngine("PyTorch").getGpuCount();
    Assumptions.assumeTrue(
        gpus > 0,
        "needs DJL's PyTorch engine to see a CUDA device: it sees none, because the CPU libtorch is"
            + " in use; point PYTORCH_LIBRARY_PATH at a PyTorch 2.7.x CUDA install's torch/lib"
            + " (docs/gpu.md)");
  }
}
