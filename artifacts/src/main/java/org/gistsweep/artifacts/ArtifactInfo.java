package org.gistsweep.artifacts;

import java.util.Objects;

/**
 * One complete object in an artifact store.
 *
 * @param key the object's key, relative to the store's root ({@link ArtifactKeys})
 * @param size its length in bytes
 * @param sha256 the sha256 of its bytes, 64 lowercase hex digits, computed while it was written
 */
public record ArtifactInfo(String key, long size, String sha256) {
  public ArtifactInfo {
    Objects.requireNonNull(key, "key");
    if (size < 0) {
      throw new IllegalArgumentException("artifact size must be >= 0, got " + size + " for " + key);
    }
    if (!Sha256.isHex(sha256)) {
      throw new IllegalArgumentException(
          "artifact sha256 must be 64 lowercase hex digits for " + key);
    }
  }
}
