package org.gistsweep.worker.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.HashMap;
import java.util.Map;
import org.gistsweep.common.spec.GistInit;
import org.gistsweep.common.spec.PeftMethod;
import org.gistsweep.common.spec.TrainingSettings;

/** Shared builders for the training tests. */
final class ModelFixtures {
  private ModelFixtures() {}

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
