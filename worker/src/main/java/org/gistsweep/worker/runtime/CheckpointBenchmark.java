package org.gistsweep.worker.runtime;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.gistsweep.artifacts.ArtifactDownloads;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.worker.train.CheckpointBenchModel;

/**
 * The time an epoch checkpoint costs, per epoch, through a real store: writing the file (tensors,
 * AdamW moments, header) and storing it, as a worker does after an epoch; downloading it (sha256
 * checked), reading it, checking it whole and loading it into a fresh model and optimizer, as a
 * resumed attempt does before its first epoch. The objects are deleted afterwards.
 */
public final class CheckpointBenchmark {
  private CheckpointBenchmark() {}

  /**
   * Runs {@code epochs} checkpoints of each of {@code models} through {@code store}, printing one
   * row per epoch and a median per model to {@code out}.
   */
  public static void run(
      ArtifactStore store, List<String> models, int epochs, Path scratch, PrintWriter out)
      throws IOException {
    out.printf(Locale.ROOT, "epoch checkpoint write and read, store %s%n", store.uri());
    out.printf(
        Locale.ROOT,
        "write = file (trainable tensors + AdamW m, v + header) + put; read = download (sha256) +"
            + " read, check and load%n");
    out.printf(
        Locale.ROOT,
        "%-16s %5s %10s %9s %8s %9s %9s %8s %9s%n",
        "model",
        "epoch",
        "bytes",
        "file ms",
        "put ms",
        "write ms",
        "get ms",
        "load ms",
        "read ms");
    Files.createDirectories(scratch);
    for (String name : models) {
      try (CheckpointBenchModel model = CheckpointBenchModel.build(name)) {
        out.printf(
            Locale.ROOT,
            "%s: %,d trainable floats (+ AdamW m and v: %,d floats in the checkpoint)%n",
            name,
            model.trainableFloats(),
            3 * model.trainableFloats());
        double[] writes = new double[epochs];
        double[] reads = new double[epochs];
        for (int e = 1; e <= epochs; e++) {
          String key =
              ArtifactRef.keyOf(
                  "bench-checkpoint", 0, 1, name + "-" + ArtifactRef.checkpointName(e));
          Path file = scratch.resolve("out-" + ArtifactRef.checkpointName(e));
          Path back = scratch.resolve("in-" + ArtifactRef.checkpointName(e));
          long t0 = System.nanoTime();
          long bytes = model.write(file, e);
          long t1 = System.nanoTime();
          store.put(key, file);
          long t2 = System.nanoTime();
          ArtifactDownloads.download(store, key, back);
          long t3 = System.nanoTime();
          model.readAndLoad(back, e);
          long t4 = System.nanoTime();
          writes[e - 1] = ms(t2 - t0);
          reads[e - 1] = ms(t4 - t2);
          out.printf(
              Locale.ROOT,
              "%-16s %5d %10d %9.1f %8.1f %9.1f %9.1f %8.1f %9.1f%n",
              name,
              e,
              bytes,
              ms(t1 - t0),
              ms(t2 - t1),
              writes[e - 1],
              ms(t3 - t2),
              ms(t4 - t3),
              reads[e - 1]);
          store.delete(key);
          Files.deleteIfExists(file);
          Files.deleteIfExists(back);
        }
        out.flush();
        out.printf(
            Locale.ROOT,
            "%-16s median write %.1f ms, read %.1f ms per epoch%n",
            name,
            median(writes),
            median(reads));
      }
    }
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
