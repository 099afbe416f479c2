package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.List;

/**
 * A gradient collector that lets several trials train at once in one JVM (the quickstart's local
 * workers). DJL's own {@code PtGradientCollector} allows one collector per process (a static flag)
 * and zeroes the gradients of every array in the engine, which would corrupt a concurrent trial.
 * This one relies on PyTorch's grad mode being per thread, and zeroes only its own model's
 * trainable parameters.
 */
final class ThreadGradientCollector implements GradientCollector {
  private final List<NDArray> trainable;
  private final boolean wasGradMode;

  ThreadGradientCollector(List<NDArray> trainable) {
    this.trainable = trainable;
    this.wasGradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
    zeroGradients();
  }

  @Override
  public void backward(NDArray target) {
    try (NDArray ones = target.getManager().ones(target.getShape(), target.getDataType())) {
      JniUtils.backward((PtNDArray) target, (PtNDArray) ones, false, false);
    }
  }

  @Override
  public void zeroGradients() {
    for (NDArray p : trainable) {
      if (p.hasGradient()) {
        try (NDArray g = p.getGradient()) {
          g.subi(g);
        }
      }
    }
  }

  @Override
  public void close() {
    if (!wasGradMode) {
      JniUtils.setGradMode(false);
    }
  }
}
