package org.gistsweep.worker.data;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/** A small RGB float canvas: textured noisy background, antialiased shapes, then 8-bit output. */
final class ShapeCanvas {
  private static final int SUB = 3;
  private final int size;
  private final float[][] rgb;
  private final float[] backgroundMean = new float[3];

  private ShapeCanvas(int size) {
    this.size = size;
    this.rgb = new float[3][size * size];
  }

  /** A canvas filled with a random base colour and two random sinusoidal gratings. */
  static ShapeCanvas background(int size, SplittableRandom rnd) {
    ShapeCanvas c = new ShapeCanvas(size);
    double[] f1 = {
      rnd.nextDouble(0.1, 0.9), rnd.nextDouble(0.1, 0.9), rnd.nextDouble(0, 2 * Math.PI)
    };
    double[] f2 = {
      rnd.nextDouble(-0.9, 0.9), rnd.nextDouble(0.1, 0.9), rnd.nextDouble(0, 2 * Math.PI)
    };
    for (int ch = 0; ch < 3; ch++) {
      double base = rnd.nextDouble(30, 225);
      double a1 = rnd.nextDouble(0, 30);
      double a2 = rnd.nextDouble(0, 30);
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          double t =
              a1 * Math.sin(f1[0] * x + f1[1] * y + f1[2])
                  + a2 * Math.sin(f2[0] * x + f2[1] * y + f2[2]);
          c.rgb[ch][y * size + x] = (float) (base + t);
        }
      }
      c.backgroundMean[ch] = (float) base;
    }
    return c;
  }

  /** A random colour whose luminance differs from the background's by at least {@code contrast}. */
  float[] contrastingColour(SplittableRandom rnd, double contrast) {
    double bgLum = luminance(backgroundMean);
    for (int attempt = 0; ; attempt++) {
      float[] col = {
        (float) rnd.nextDouble(0, 255),
        (float) rnd.nextDouble(0, 255),
        (float) rnd.nextDouble(0, 255)
      };
      if (Math.abs(luminance(col) - bgLum) >= contrast || attempt > 50) {
        if (attempt > 50) {
          float v = bgLum > 127 ? 10f : 245f;
          return new float[] {v, v, v};
        }
        return col;
      }
    }
  }

  private static double luminance(float[] c) {
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
  }

  /** Draws {@code kind} centred at (cx, cy) with radius {@code r} pixels, 3x3 supersampled. */
  void draw(ShapeKind kind, double cx, double cy, double r, float[] colour) {
    int x0 = Math.max(0, (int) Math.floor(cx - 1.5 * r));
    int x1 = Math.min(size - 1, (int) Math.ceil(cx + 1.5 * r));
    int y0 = Math.max(0, (int) Math.floor(cy - 1.5 * r));
    int y1 = Math.min(size - 1, (int) Math.ceil(cy + 1.5 * r));
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        int hits = 0;
        for (int sy = 0; sy < SUB; sy++) {
          for (int sx = 0; sx < SUB; sx++) {
            double px = x + (sx + 0.5) / SUB;
            double py = y + (sy + 0.5) / SUB;
            if (kind.contains((px - cx) / r, (py - cy) / r)) {
              hits++;
            }
          }
        }
        if (hits > 0) {
          float a = hits / (float) (SUB * SUB);
          for (int ch = 0; ch < 3; ch++) {
            int i = y * size + x;
            rgb[ch][i] = (1 - a) * rgb[ch][i] + a * colour[ch];
          }
        }
      }
    }
  }

  /** The canvas plus Gaussian pixel noise of deviation {@code noise}, as an 8-bit RGB image. */
  BufferedImage toImage(SplittableRandom rnd, double noise) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    int[] packed = new int[size * size];
    for (int i = 0; i < packed.length; i++) {
      int p = 0;
      for (int ch = 0; ch < 3; ch++) {
        double v = rgb[ch][i] + noise * gaussian(rnd);
        p = (p << 8) | (int) Math.max(0, Math.min(255, Math.round(v)));
      }
      packed[i] = p;
    }
    img.setRGB(0, 0, size, size, packed, 0, size);
    return img;
  }

  private static double gaussian(SplittableRandom rnd) {
    double u1 = rnd.nextDouble(1e-12, 1.0);
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
