package org.gistsweep.common.wire;

import java.util.regex.Pattern;

/**
 * One file a worker stored in the artifact store for an attempt, as {@link
 * TrialFinished#artifacts()} lists it.
 *
 * @param name the file name the API serves it under: {@code best.safetensors}, {@code best.json},
 *     {@code last.safetensors}, {@code last.json}, or an epoch checkpoint {@code
 *     checkpoint-<k>.safetensors} ({@link #checkpointName})
 * @param key the store key, {@code <study>/<trial>/<attempt>/<name>}, relative to the store's root
 * @param size bytes
 * @param sha256 the bytes' SHA-256, 64 lower-case hex digits (the HTTP ETag of the download)
 */
public record ArtifactRef(String name, String key, long size, String sha256) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** The longest key accepted. */
  public static final int MAX_KEY_CHARS = 512;

  public ArtifactRef {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "artifact name must be 1-64 of a-z 0-9 . _ - (starting with a letter or digit), got "
              + name);
    }
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_CHARS || !key.endsWith("/" + name)) {
      throw new IllegalArgumentException(
          "artifact key must end with /"
              + name
              + " and have at most "
              + MAX_KEY_CHARS
              + " characters, got "
              + (key == null ? null : key.length() > 80 ? key.substring(0, 80) + "..." : key));
    }
    if (size < 0) {
      throw new IllegalArgumentException("artifact size must be >= 0, got " + size);
    }
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("artifact sha256 must be 64 lower-case hex digits");
    }
  }

  /**
   * The name of the epoch checkpoint after epoch {@code epoch}: {@code
   * checkpoint-<epoch>.safetensors}.
   */
  public static String checkpointName(int epoch) {
    if (epoch < 1) {
      throw new IllegalArgumentException("a checkpoint follows an epoch >= 1, got " + epoch);
    }
    return "checkpoint-" + epoch + ".safetensors";
  }

  /** The key of {@code name} for an attempt: {@code <study>/<trial>/<attempt>/<name>}. */
  public static String keyOf(String study, int trial, int attempt, String name) {
    return study + "/" + trial + "/" + attempt + "/" + name;
  }
}
