package org.gistsweep.worker.train;

/**
 * Row-major tensor re-layouts in Java (permute, reshape, concat along axis 0) for checkpoint
 * conversion.
 */
final class Layout {
  private Layout() {}

  /** The tensor with its axes reordered: output axis i is input axis {@code axes[i]}. */
  static SafeTensors.Tensor permute(SafeTensors.Tensor t, int... axes) {
    long[] in = t.shape();
    int r = in.length;
    long[] out = new long[r];
    for (int i = 0; i < r; i++) {
      out[i] = in[axes[i]];
    }
    long[] inStride = strides(in);
    float[] src = t.data();
    float[] dst = new float[src.length];
    int[] idx = new int[r];
    for (int o = 0; o < dst.length; o++) {
      long from = 0;
      for (int i = 0; i < r; i++) {
        from += idx[i] * inStride[axes[i]];
      }
      dst[o] = src[(int) from];
      for (int i = r - 1; i >= 0; i--) {
        if (++idx[i] < out[i]) {
          break;
        }
        idx[i] = 0;
      }
    }
    return new SafeTensors.Tensor(out, dst);
  }

  /** A 2-d transpose. */
  static SafeTensors.Tensor transpose2(SafeTensors.Tensor t) {
    return permute(t, 1, 0);
  }

  /** The same data under a new shape of equal size. */
  static SafeTensors.Tensor reshape(SafeTensors.Tensor t, long... shape) {
    return new SafeTensors.Tensor(shape, t.data());
  }

  /** Concatenation along axis 0; {@code shape} is the result's shape. */
  static SafeTensors.Tensor concat(SafeTensors.Tensor[] parts, long... shape) {
    int n = 0;
    for (SafeTensors.Tensor p : parts) {
      n += p.data().length;
    }
    float[] out = new float[n];
    int at = 0;
    for (SafeTensors.Tensor p : parts) {
      System.arraycopy(p.data(), 0, out, at, p.data().length);
      at += p.data().length;
    }
    return new SafeTensors.Tensor(shape, out);
  }

  private static long[] strides(long[] shape) {
    long[] s = new long[shape.length];
    long acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= shape[i];
    }
    return s;
  }
}
