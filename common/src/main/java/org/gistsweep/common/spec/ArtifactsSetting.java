package org.gistsweep.common.spec;

import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code artifacts} training setting: which weights a trial stores in the artifact store at the
 * end of a complete attempt. The weights are the trainable tensors only (the whole model for {@code
 * peft: full}), each file with a JSON sidecar; pruned, failed and cancelled attempts store none.
 */
public enum ArtifactsSetting {
  /**
   * The epoch that is best by the study's objective (the last epoch for {@code trainable_params}).
   */
  BEST("best"),
  /** The best epoch and the last epoch. */
  BEST_AND_LAST("best_and_last"),
  /** No weights (the attempt's log is still stored). */
  NONE("none");

  private final String wireName;

  ArtifactsSetting(String wireName) {
    this.wireName = wireName;
  }

  /** The name in sweep files and trial configurations. */
  public String wireName() {
    return wireName;
  }

  /** Whether the best epoch's weights are stored. */
  public boolean keepsBest() {
    return this != NONE;
  }

  /** Whether the last epoch's weights are stored too. */
  public boolean keepsLast() {
    return this == BEST_AND_LAST;
  }

  /** The setting called {@code name} (exactly), if any. */
  public static Optional<ArtifactsSetting> fromWireName(String name) {
    return Arrays.stream(values()).filter(a -> a.wireName.equals(name)).findFirst();
  }
}
