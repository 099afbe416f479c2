package org.gistsweep.worker.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.worker.data.SyntheticShapes;
import org.gistsweep.worker.data.VtabTasks;
import org.gistsweep.worker.train.EpochDecision;
import org.gistsweep.worker.train.EpochListener;
import org.gistsweep.worker.train.EpochResult;
import org.gistsweep.worker.train.GistTrainers;
import org.gistsweep.worker.train.TrainerEnvironment;

/**
 * The DJL side of the benchmark, run in a child JVM: one trial of the product trainer (built-in
 * vit-tiny backbone, adapter PEFT, GIST on or off) on the synthetic task's {@code train800} split.
 * The trainer evaluates after every epoch (not part of its timed throughput); the benchmark points
 * it at a {@value #EVAL_IMAGES}-image split so that evaluation barely counts in the per-epoch CPU
 * time either. Records every epoch's throughput, CPU throughput and the resident memory after it.
 */
final class DjlRun {
  /** Images of the evaluation split the benchmark writes beside the synthetic task's splits. */
  static final int EVAL_IMAGES = 16;

  private static final String EVAL_SPLIT = "bench_eval" + EVAL_IMAGES;

  private DjlRun() {}

  /** The synthetic data root under the work folder. */
  static Path dataRoot(Path workDir) {
    return workDir.resolve("data");
  }

  /**
   * Generates the synthetic task once and its small evaluation split (call before the children).
   */
  static void prepareData(Path workDir) {
    Path task = SyntheticShapes.ensure(dataRoot(workDir), VtabTasks.SYNTHETIC_SHAPES);
    try {
      List<String> val = Files.readAllLines(task.resolve("val200.txt"), StandardCharsets.UTF_8);
      Files.write(
          task.resolve(EVAL_SPLIT + ".txt"),
          val.subList(0, Math.min(EVAL_IMAGES, val.size())),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the benchmark's evaluation split under " + task, e);
    }
  }

  static RunResult run(BenchOptions o, boolean gist) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("task", VtabTasks.SYNTHETIC_SHAPES);
    s.put("backbone", "builtin:vit-tiny-shapes");
    s.put("peft", "adapter");
    s.put("gist", gist);
    s.put("epochs", o.epochs());
    s.put("batch_size", o.batchSize());
    s.put("threads", o.threads());
    s.put("device", "cpu");
    s.put("train_split", "train800");
    s.put("eval_split", EVAL_SPLIT);
    TrainingSettings settings = TrainingSettings.resolve(s, Map.of());
    TrainerEnvironment env =
        new TrainerEnvironment(dataRoot(o.workDir()), o.workDir().resolve("cache"));
    List<Double> speed = new ArrayList<>();
    List<Double> cpuSpeed = new ArrayList<>();
    List<Double> rss = new ArrayList<>();
    double[] lastCpu = {ProcMemory.cpuSeconds()};
    EpochListener listener =
        (EpochResult r) -> {
          double cpu = ProcMemory.cpuSeconds();
          speed.add(r.imagesPerSecond());
          cpuSpeed.add(r.imagesPerSecond() * r.epochSeconds() / (cpu - lastCpu[0]));
          lastCpu[0] = cpu;
          rss.add(ProcMemory.rssMb());
          return EpochDecision.CONTINUE;
        };
    GistTrainers.create(env).train(settings, listener);
    return new RunResult(
        "djl",
        gist,
        array(speed),
        array(cpuSpeed),
        array(rss),
        ProcMemory.peakRssMb(),
        o.threads(),
        "DJL 0.36 PyTorch engine (libtorch 2.7.1)");
  }

  private static double[] array(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
