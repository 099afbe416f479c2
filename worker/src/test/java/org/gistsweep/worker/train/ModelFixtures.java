package org.gistsweep.worker.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.spec.ArtifactsSetting;
import org.gistsweep.common.spec.GistInit;
import org.gistsweep.common.spec.PeftMethod;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.worker.data.SyntheticShapes;
import org.gistsweep.worker.data.VtabTasks;

/** Shared builders for the training tests. */
final class ModelFixtures {
  private ModelFixtures() {}

  /**
   * Generates the quickstart task under {@code root} and writes {@code <name>-train.txt} and {@code
   * <name>-test.txt} split files holding its first {@code images} training and test lines.
   */
  static void syntheticSubset(Path root, String name, int images) throws IOException {
    Path task = SyntheticShapes.ensure(root, VtabTasks.SYNTHETIC_SHAPES);
    Files.write(
        task.resolve(name + "-train.txt"),
        Files.readAllLines(task.resolve("train800.txt")).subList(0, images));
    Files.write(
        task.resolve(name + "-test.txt"),
        Files.readAllLines(task.resolve("test.txt")).subList(0, images));
  }

  /**
   * A trainer environment under {@code work} ({@code data}, {@code cache}) that may also read data
   * under {@code dataRoot} and weights anywhere under {@code work}.
   */
  static TrainerEnvironment env(Path work, Path dataRoot) {
    return new TrainerEnvironment(
        work.resolve("data"), work.resolve("cache"), List.of(dataRoot), List.of(work));
  }

  /** A request for {@code stored} weights by val_top1 into {@code scratch}. */
  static WeightsRequest weights(ArtifactsSetting stored, Path scratch) {
    return new WeightsRequest(
        stored,
        TrialAssignment.DEFAULT_OBJECTIVE,
        scratch,
        "study-1",
        7,
        1,
        Map.of("lr", 0.01),
        Clock.systemUTC());
  }

  static void engine() {
    Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(1);
    JniUtils.setGradMode(false);
  }

  static PeftSpec spec(PeftMethod method, int gistTokens) {
    return new PeftSpec(method, 4, 0.1, 4, 8, gistTokens, 0.1, 0.1);
  }

  static GistInitSpec uniform() {
    return new GistInitSpec(GistInit.UNIFORM, 0.5);
  }

  static TrainingSettings settings(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return TrainingSettings.resolve(m, Map.of());
  }
}
