package org.gistsweep.orchestrator.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * The shared secret that every state-changing API call must present as {@code Authorization: Bearer
 * <token>}. Only a SHA-256 digest of the secret is kept; {@link #matches} compares digests in
 * constant time, so neither the secret nor its length leaks through timing. {@link #toString()}
 * never shows it.
 */
public final class ApiToken {
  /** The shortest token accepted. */
  public static final int MIN_LENGTH = 16;

  /** RFC 6750 {@code b64token}: what may follow {@code Bearer }. */
  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

  private final byte[] digest;

  private ApiToken(byte[] digest) {
    this.digest = digest;
  }

  /**
   * A token from its secret text, surrounding whitespace removed.
   *
   * @throws IllegalArgumentException when the secret is shorter than {@link #MIN_LENGTH} or holds
   *     characters a bearer token cannot carry; the message says how to make a good one
   */
  public static ApiToken of(String secret) {
    String s = secret == null ? "" : secret.strip();
    if (s.length() < MIN_LENGTH || !B64TOKEN.matcher(s).matches()) {
      throw new IllegalArgumentException(
          "the API token must be at least "
              + MIN_LENGTH
              + " characters of letters, digits and -._~+/ (got "
              + (s.isEmpty()
                  ? "an empty one"
                  : s.length()
                      + " characters"
                      + (B64TOKEN.matcher(s).matches() ? "" : " with others"))
              + "); make one with `openssl rand -hex 32`");
    }
    return new ApiToken(sha256(s));
  }

  /** True when {@code presented} is this token; constant time in the presented value. */
  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(digest, sha256(presented));
  }

  /** A copy of the token's SHA-256 digest (session cookies are bound to it). */
  byte[] digest() {
    return digest.clone();
  }

  @Override
  public String toString() {
    return "ApiToken[redacted]";
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "this JVM has no SHA-256, which every Java SE runtime must provide", e);
    }
  }
}
