package org.gistsweep.worker.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 digests of files a worker reads again and again (backbone checkpoints, hundreds of MB),
 * computed once per (real path, size, modification time) and then remembered.
 */
public final class FileDigests {
  private static final int MAX_REMEMBERED = 64;
  private static final Map<String, String> DIGESTS = new ConcurrentHashMap<>();

  private FileDigests() {}

  /** The sha256 of {@code file}'s bytes as 64 lower-case hex digits. */
  public static String sha256(Path file) throws IOException {
    Path real = file.toRealPath();
    BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
    String key = real + "|" + a.size() + "|" + a.lastModifiedTime().toMillis();
    String known = DIGESTS.get(key);
    if (known != null) {
      return known;
    }
    String digest = compute(real);
    if (DIGESTS.size() >= MAX_REMEMBERED) {
      DIGESTS.clear();
    }
    DIGESTS.put(key, digest);
    return digest;
  }

  private static String compute(Path file) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
