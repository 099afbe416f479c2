package org.gistsweep.artifacts;

import java.util.regex.Pattern;

/**
 * The rules for keys and prefixes, the same for every back end.
 *
 * <p>A key is one or more segments joined by '/', each of 1 to 255 characters among {@code A-Z a-z
 * 0-9 . _ - = + @}; a segment does not start with '.' (names such as {@code .partial} are the
 * store's own) and does not end with {@code .sha256} (the directory store's sidecars); the whole
 * key is at most 900 characters. So there is no '..', no leading or trailing '/', no empty segment
 * and nothing a shell, a URL or a file system would read differently.
 *
 * <p>A prefix is {@code ""} (the whole store) or a key, with or without a trailing '/'; it selects
 * the keys below it segment by segment: {@code studies/1} holds {@code studies/1/a} but not {@code
 * studies/10/a}.
 */
public final class ArtifactKeys {
  private static final Pattern SEGMENT =
      Pattern.compile("[A-Za-z0-9_=+@-][A-Za-z0-9._=+@-]{0,254}");
  private static final int MAX_LENGTH = 900;
  private static final String SIDECAR = ".sha256";

  private ArtifactKeys() {}

  /**
   * Returns the key unchanged if it follows the rules.
   *
   * @throws ArtifactStoreException ({@link ArtifactStoreException.Reason#INVALID_KEY}) naming the
   *     rule it breaks
   */
  public static String check(String key) {
    if (key == null || key.isEmpty()) {
      throw invalid("an artifact key must not be empty");
    }
    if (key.length() > MAX_LENGTH) {
      throw invalid(
          "an artifact key is at most " + MAX_LENGTH + " characters, this one has " + key.length());
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty()) {
        throw invalid(
            "artifact key "
                + quote(key)
                + " has an empty segment (a leading, trailing or double '/')");
      }
      if (segment.startsWith(".")) {
        throw invalid(
            "artifact key "
                + quote(key)
                + " has a segment starting with '.' ('..', '.partial' and hidden"
                + " names are not keys)");
      }
      if (!SEGMENT.matcher(segment).matches()) {
        throw invalid(
            "artifact key "
                + quote(key)
                + " has a segment that is longer than 255 characters or holds a"
                + " character outside A-Z a-z 0-9 . _ - = + @");
      }
      if (segment.endsWith(SIDECAR)) {
        throw invalid(
            "artifact key "
                + quote(key)
                + " ends a segment with '"
                + SIDECAR
                + "', which the directory"
                + " store keeps for its checksum files");
      }
    }
    return key;
  }

  /**
   * Returns the prefix without its trailing '/', after checking it ("" stays "").
   *
   * @throws ArtifactStoreException ({@link ArtifactStoreException.Reason#INVALID_KEY})
   */
  public static String checkPrefix(String prefix) {
    if (prefix == null) {
      throw invalid("an artifact prefix must not be null (use \"\" for the whole store)");
    }
    if (prefix.isEmpty()) {
      return "";
    }
    return check(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
  }

  /** The key {@code child} below {@code prefix} ("" is the root). */
  public static String join(String prefix, String child) {
    return prefix.isEmpty() ? child : prefix + "/" + child;
  }

  /** Whether {@code key} lies below the checked {@code prefix}. */
  static boolean isBelow(String key, String prefix) {
    return prefix.isEmpty() || key.startsWith(prefix + "/");
  }

  static boolean isSidecarName(String name) {
    return name.endsWith(SIDECAR);
  }

  static String sidecarName(String name) {
    return name + SIDECAR;
  }

  private static String quote(String key) {
    String printable =
        key.codePoints().allMatch(c -> c >= 0x20 && c < 0x7f)
            ? key
            : key.replaceAll("[^\\x20-\\x7e]", "?");
    return "'" + (printable.length() > 120 ? printable.substring(0, 120) + "..." : printable) + "'";
  }

  private static ArtifactStoreException invalid(String message) {
    return new ArtifactStoreException(ArtifactStoreException.Reason.INVALID_KEY, message, null);
  }
}
