package org.gistsweep.cli.loadharness;

/**
 * A least-squares line {@code y = intercept + slope * x} and its coefficient of determination.
 *
 * @param r2 1 for points exactly on the line; NaN with fewer than 3 points or no spread in y
 */
public record LinearFit(double slope, double intercept, double r2) {

  /** Fits {@code ys} against {@code xs} (same length, at least 2 points with different x). */
  public static LinearFit of(double[] xs, double[] ys) {
    int n = xs.length;
    if (n != ys.length || n < 2) {
      throw new IllegalArgumentException(
          "need at least 2 points with one y per x, got " + n + " x and " + ys.length + " y");
    }
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += xs[i] / n;
      my += ys[i] / n;
    }
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxx += (xs[i] - mx) * (xs[i] - mx);
      sxy += (xs[i] - mx) * (ys[i] - my);
      syy += (ys[i] - my) * (ys[i] - my);
    }
    if (sxx == 0) {
      throw new IllegalArgumentException("all x are equal");
    }
    double slope = sxy / sxx;
    double r2 = n < 3 || syy == 0 ? Double.NaN : (sxy * sxy) / (sxx * syy);
    return new LinearFit(slope, my - slope * mx, r2);
  }
}
