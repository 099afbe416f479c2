package org.gistsweep.worker.data;

/**
 * Bicubic resampling of packed RGB pixels in the manner of PIL's {@code Image.resize(BICUBIC)}:
 * separable, cubic kernel with a = -0.5, support widened by the scale factor when shrinking
 * (antialiased), output rounded to 8 bits per channel.
 */
final class BicubicResize {
  private static final double A = -0.5;

  private BicubicResize() {}

  /**
   * Resizes {@code rgb} (row-major packed 0xRRGGBB, {@code w x h}) to {@code size x size} and
   * returns planar CHW bytes (R plane, G plane, B plane), each value 0..255.
   */
  static byte[] toChw(int[] rgb, int w, int h, int size) {
    double[][] planes = new double[3][w * h];
    for (int i = 0; i < w * h; i++) {
      planes[0][i] = (rgb[i] >> 16) & 0xFF;
      planes[1][i] = (rgb[i] >> 8) & 0xFF;
      planes[2][i] = rgb[i] & 0xFF;
    }
    Taps horizontal = taps(w, size);
    Taps vertical = taps(h, size);
    byte[] out = new byte[3 * size * size];
    for (int c = 0; c < 3; c++) {
      double[] rows = new double[h * size];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < size; x++) {
          rows[y * size + x] = horizontal.apply(planes[c], y * w, 1, x);
        }
      }
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          double v = vertical.apply(rows, x, size, y);
          out[c * size * size + y * size + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
      }
    }
    return out;
  }

  private static double kernel(double x) {
    x = Math.abs(x);
    if (x < 1) {
      return ((A + 2) * x - (A + 3)) * x * x + 1;
    }
    if (x < 2) {
      return (((x - 5) * x + 8) * x - 4) * A;
    }
    return 0;
  }

  private static Taps taps(int in, int out) {
    double scale = (double) in / out;
    double filterScale = Math.max(scale, 1.0);
    double support = 2.0 * filterScale;
    int[] start = new int[out];
    double[][] weights = new double[out][];
    for (int i = 0; i < out; i++) {
      double center = (i + 0.5) * scale;
      int lo = Math.max((int) (center - support + 0.5), 0);
      int hi = Math.min((int) (center + support + 0.5), in);
      double[] wts = new double[Math.max(hi - lo, 0)];
      double sum = 0;
      for (int j = 0; j < wts.length; j++) {
        wts[j] = kernel((j + lo - center + 0.5) / filterScale);
        sum += wts[j];
      }
      for (int j = 0; j < wts.length && sum != 0; j++) {
        wts[j] /= sum;
      }
      start[i] = lo;
      weights[i] = wts;
    }
    return new Taps(start, weights);
  }

  private record Taps(int[] start, double[][] weights) {
    double apply(double[] src, int offset, int stride, int i) {
      double[] wts = weights[i];
      double acc = 0;
      for (int j = 0; j < wts.length; j++) {
        acc += wts[j] * src[offset + (start[i] + j) * stride];
      }
      return acc;
    }
  }
}
