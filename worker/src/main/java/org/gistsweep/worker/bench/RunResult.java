package org.gistsweep.worker.bench;

import com.google.gson.Gson;
import com.google.gson.annotations.SerializedName;
import java.util.Arrays;
import java.util.List;

/**
 * One measured training run, as the child processes print it (one JSON line after {@link #MARKER});
 * the PyTorch script prints the same fields.
 *
 * @param engine {@code djl} or {@code pytorch}
 * @param gist whether GIST was on
 * @param imagesPerSecond training throughput of each epoch (wall clock), in order
 * @param cpuImagesPerSecond images per CPU second of the process in each epoch: robust against
 *     other processes competing for the cores (the DJL epoch's CPU time includes its evaluation of
 *     {@value DjlRun#EVAL_IMAGES} images)
 * @param rssMb resident memory after each epoch, MiB
 * @param peakRssMb the process's peak resident memory (VmHWM) at the end, MiB
 * @param threads intra-op threads
 * @param version the engine version, for the table's footer
 */
record RunResult(
    String engine,
    boolean gist,
    @SerializedName("images_per_second") double[] imagesPerSecond,
    @SerializedName("cpu_images_per_second") double[] cpuImagesPerSecond,
    @SerializedName("rss_mb") double[] rssMb,
    @SerializedName("peak_rss_mb") double peakRssMb,
    int threads,
    String version) {
  /** Prefix of the result line on a child's standard output. */
  static final String MARKER = "BENCH_RESULT ";

  private static final Gson GSON = new Gson();

  String toLine() {
    return MARKER + GSON.toJson(this);
  }

  /** The result line among {@code lines}, or null. */
  static RunResult fromLines(List<String> lines) {
    for (String line : lines) {
      if (line.startsWith(MARKER)) {
        return GSON.fromJson(line.substring(MARKER.length()), RunResult.class);
      }
    }
    return null;
  }

  /**
   * Median wall-clock epoch throughput, skipping the first (warm-up) epoch when there are several.
   */
  double medianImagesPerSecond() {
    return medianAfterWarmUp(imagesPerSecond);
  }

  /** Median images per CPU second, skipping the first (warm-up) epoch when there are several. */
  double medianCpuImagesPerSecond() {
    return medianAfterWarmUp(cpuImagesPerSecond);
  }

  private static double medianAfterWarmUp(double[] perEpoch) {
    if (perEpoch == null) {
      return Double.NaN;
    }
    double[] v =
        perEpoch.length > 1 ? Arrays.copyOfRange(perEpoch, 1, perEpoch.length) : perEpoch.clone();
    Arrays.sort(v);
    int n = v.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** Resident memory after 1-based epoch {@code epoch}, or NaN when the run was shorter. */
  double rssAfterEpoch(int epoch) {
    return epoch >= 1 && epoch <= rssMb.length ? rssMb[epoch - 1] : Double.NaN;
  }
}
