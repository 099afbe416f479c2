package org.gistsweep.orchestrator.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import org.gistsweep.artifacts.ArtifactInfo;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.AttemptLogWriter;
import org.gistsweep.common.wire.ArtifactRef;

/**
 * Writes into a real store what a worker writes for an attempt: best weights, their sidecar, its
 * log.
 */
public final class TrialFiles {
  private TrialFiles() {}

  /** Bytes that differ per trial and attempt. */
  public static byte[] weights(int trial, int attempt, int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + trial * 7 + attempt);
    }
    return b;
  }

  /** The log line the attempt writes. */
  public static String logLine(String study, int trial, int attempt) {
    return "study " + study + " trial " + trial + " attempt " + attempt + ": epoch 1 done\n";
  }

  /**
   * Stores best.safetensors ({@code weights}), best.json and a one-line log; returns the refs as a
   * worker reports them.
   */
  public static List<ArtifactRef> store(
      ArtifactStore store, String study, int trial, int attempt, byte[] weights) {
    ArtifactInfo w =
        store.put(ArtifactRef.keyOf(study, trial, attempt, "best.safetensors"), weights);
    ArtifactInfo j =
        store.put(
            ArtifactRef.keyOf(study, trial, attempt, "best.json"),
            ("{\"study\": \"" + study + "\", \"trial\": " + trial + ", \"epoch\": 2}")
                .getBytes(UTF_8));
    try (AttemptLogWriter log =
        AttemptLogWriter.open(store, ArtifactRef.keyOf(study, trial, attempt, "log"))) {
      log.append(logLine(study, trial, attempt));
    }
    return List.of(
        new ArtifactRef("best.safetensors", w.key(), w.size(), w.sha256()),
        new ArtifactRef("best.json", j.key(), j.size(), j.sha256()));
  }
}
