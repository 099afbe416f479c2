package org.gistsweep.worker.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Formats the benchmark's table: one row per engine and GIST setting (null results print as n/a
 * with the reason), then the DJL/PyTorch ratios, the GIST overhead and the memory flatness, each
 * beside its target, then every run's per-epoch series. Throughput targets are judged on images per
 * CPU second, which other processes on a shared machine disturb far less than wall-clock time; the
 * wall-clock figure is printed beside it.
 */
final class BenchTable {
  private static final int FLAT_FROM = 2;
  private static final int FLAT_TO = 10;

  private BenchTable() {}

  static String format(
      BenchOptions o,
      RunResult djlOn,
      RunResult djlOff,
      RunResult torchOn,
      RunResult torchOff,
      String torchMissing) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "GIST training benchmark: vit-tiny (image 32, patch 4, d 96, depth 4, heads 3),"
                + " adapter PEFT (dim 4), batch %d, %d thread(s), %d epochs of 800 images%n",
            o.batchSize(),
            o.threads(),
            o.epochs()));
    b.append(
        String.format(
            Locale.ROOT,
            "img/s = median over epochs 2..%d (epoch 1 is warm-up); wall = training throughput, cpu"
                + " = images per CPU second of the run's process; RSS from /proc/self/status of"
                + " each run's own process%nDJL children: glibc malloc %s%n%n",
            o.epochs(),
            o.tunedMalloc()
                ? "tuned " + new TreeMap<>(BenchOptions.TUNED_MALLOC) + " (as workers run)"
                : "defaults (workers run tuned: --tuned-malloc true)"));
    b.append(
        String.format(
            Locale.ROOT,
            "%-8s %-4s %10s %10s %12s %11s %11s%n",
            "engine",
            "GIST",
            "img/s wall",
            "img/s cpu",
            "peak RSS MB",
            "RSS ep" + FLAT_FROM + " MB",
            "RSS ep" + FLAT_TO + " MB"));
    row(b, "DJL", "on", djlOn, null);
    row(b, "DJL", "off", djlOff, null);
    row(b, "PyTorch", "on", torchOn, torchMissing);
    row(b, "PyTorch", "off", torchOff, torchMissing);
    b.append('\n');
    ratio(b, "DJL / PyTorch img/s, GIST on", djlOn, torchOn);
    ratio(b, "DJL / PyTorch img/s, GIST off", djlOff, torchOff);
    overhead(b, "GIST overhead, DJL", djlOn, djlOff);
    overhead(b, "GIST overhead, PyTorch", torchOn, torchOff);
    flat(b, "DJL RSS epoch " + FLAT_TO + " vs " + FLAT_FROM + ", GIST on", djlOn);
    flat(b, "DJL RSS epoch " + FLAT_TO + " vs " + FLAT_FROM + ", GIST off", djlOff);
    b.append('\n');
    for (RunResult r : new RunResult[] {djlOn, djlOff, torchOn, torchOff}) {
      if (r != null) {
        b.append(
            String.format(
                Locale.ROOT,
                "%s GIST %s: %s%n  wall img/s %s%n  cpu img/s  %s%n  RSS MB     %s%n",
                r.engine(),
                r.gist() ? "on" : "off",
                r.version(),
                series(r.imagesPerSecond()),
                series(r.cpuImagesPerSecond()),
                series(r.rssMb())));
      }
    }
    return b.toString();
  }

  private static String series(double[] v) {
    return v == null
        ? "-"
        : Arrays.stream(v)
            .mapToObj(x -> String.format(Locale.ROOT, "%.0f", x))
            .collect(Collectors.joining(" "));
  }

  private static void row(
      StringBuilder b, String engine, String gist, RunResult r, String missing) {
    if (r == null) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-8s %-4s %10s   (%s)%n",
              engine,
              gist,
              "n/a",
              missing == null ? "failed" : missing));
      return;
    }
    b.append(
        String.format(
            Locale.ROOT,
            "%-8s %-4s %10.1f %10.1f %12.0f %11.0f %11.0f%n",
            engine,
            gist,
            r.medianImagesPerSecond(),
            r.medianCpuImagesPerSecond(),
            r.peakRssMb(),
            r.rssAfterEpoch(FLAT_FROM),
            r.rssAfterEpoch(FLAT_TO)));
  }

  private static void ratio(StringBuilder b, String what, RunResult djl, RunResult torch) {
    if (djl == null || torch == null) {
      line(b, what, "n/a", ">= 1.00x", null);
      return;
    }
    double cpu = djl.medianCpuImagesPerSecond() / torch.medianCpuImagesPerSecond();
    double wall = djl.medianImagesPerSecond() / torch.medianImagesPerSecond();
    line(
        b,
        what,
        String.format(Locale.ROOT, "cpu %.2fx  wall %.2fx", cpu, wall),
        ">= 1.00x",
        cpu >= 1.0);
  }

  private static void overhead(StringBuilder b, String what, RunResult on, RunResult off) {
    if (on == null || off == null) {
      line(b, what, "n/a", "<= 3%", null);
      return;
    }
    double cpu = (off.medianCpuImagesPerSecond() / on.medianCpuImagesPerSecond() - 1) * 100;
    double wall = (off.medianImagesPerSecond() / on.medianImagesPerSecond() - 1) * 100;
    line(
        b,
        what,
        String.format(Locale.ROOT, "cpu %+.1f%%  wall %+.1f%%", cpu, wall),
        "<= 3%",
        cpu <= 3.0);
  }

  private static void flat(StringBuilder b, String what, RunResult r) {
    if (r == null || Double.isNaN(r.rssAfterEpoch(FLAT_TO))) {
      line(b, what, "n/a (needs " + FLAT_TO + " epochs)", "within 5%", null);
      return;
    }
    double pct = (r.rssAfterEpoch(FLAT_TO) / r.rssAfterEpoch(FLAT_FROM) - 1) * 100;
    line(b, what, String.format(Locale.ROOT, "%+.1f%%", pct), "within 5%", Math.abs(pct) <= 5.0);
  }

  private static void line(StringBuilder b, String what, String value, String target, Boolean met) {
    String verdict = met == null ? "" : met ? "met" : "MISSED";
    b.append(
        String.format(Locale.ROOT, "%-32s %24s   target %-10s %s%n", what, value, target, verdict));
  }
}
