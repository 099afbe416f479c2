package org.gistsweep.common.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Attempt tokens (see {@link TrialAssignment#attemptToken()}): {@code HMAC-SHA256(secret,
 * "<study>/<trial>/<attempt>")}, its first 128 bits in lowercase hex. The orchestrator draws one
 * secret per study when it opens it and keeps it in its journal, so every attempt's token can be
 * computed again on replay and nobody without the secret can make one.
 */
public final class AttemptTokens {
  /** Length of a token in hex characters (128 bits). */
  public static final int LENGTH = 32;

  private static final int SECRET_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();

  private AttemptTokens() {}

  /** A new random study secret, 256 bits in hex. */
  public static String newSecret() {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    return HEX.formatHex(secret);
  }

  /**
   * The token of one attempt.
   *
   * @param secret the study's secret, in hex (from {@link #newSecret()})
   * @throws IllegalArgumentException when {@code secret} is not hex
   */
  public static String of(String secret, String study, int trial, int attempt) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(HEX.parseHex(secret), ALGORITHM));
      byte[] digest =
          mac.doFinal((study + "/" + trial + "/" + attempt).getBytes(StandardCharsets.UTF_8));
      return HEX.formatHex(digest, 0, LENGTH / 2);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
    }
  }

  /**
   * Whether {@code given} is {@code expected}, compared in constant time; false for {@code null}.
   */
  public static boolean matches(String expected, String given) {
    if (given == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.UTF_8));
  }
}
