package org.gistsweep.orchestrator.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's session: what {@code POST /api/session} gives a browser that showed the API token,
 * so that its event streams (EventSource sends no headers) and calls need no token in the page.
 * Stateless: the cookie {@value #COOKIE} is {@code <expiry epoch seconds>.<HMAC-SHA256>} over the
 * expiry and the token's digest, keyed by a random key of this server run. A restart or another
 * token ends every session; nothing is stored. {@code HttpOnly; SameSite=Strict; Path=/}.
 */
final class SessionCookie {
  static final String COOKIE = "gist_session";

  /** How long a session lasts. */
  static final Duration LIFETIME = Duration.ofHours(12);

  private static final String ATTRIBUTES = "; Path=/; HttpOnly; SameSite=Strict";

  private final byte[] key = new byte[32];
  private final String tokenDigest;
  private final Clock clock;

  SessionCookie(SecureRandom random, ApiToken token, Clock clock) {
    random.nextBytes(key);
    this.tokenDigest = HexFormat.of().formatHex(token.digest());
    this.clock = clock;
  }

  /** When a session issued now ends. */
  Instant expiryOfNew() {
    return clock.instant().plus(LIFETIME).truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * The {@code Set-Cookie} value of a session ending at {@code expiry} (from {@link #expiryOfNew}).
   */
  String issue(Instant expiry) {
    long seconds = expiry.getEpochSecond();
    return COOKIE
        + "="
        + seconds
        + "."
        + mac(seconds)
        + ATTRIBUTES
        + "; Max-Age="
        + LIFETIME.toSeconds();
  }

  /** The {@code Set-Cookie} value that ends the session in the browser. */
  String cleared() {
    return COOKIE + "=" + ATTRIBUTES + "; Max-Age=0";
  }

  /**
   * True when {@code value} (the cookie's value, may be null) is a session of this server that has
   * not expired.
   */
  boolean valid(String value) {
    if (value == null) {
      return false;
    }
    int dot = value.indexOf('.');
    long seconds;
    try {
      seconds = Long.parseLong(value.substring(0, Math.max(dot, 0)));
    } catch (NumberFormatException e) {
      return false;
    }
    return clock.instant().getEpochSecond() < seconds
        && MessageDigest.isEqual(
            mac(seconds).getBytes(StandardCharsets.US_ASCII),
            value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
  }

  private String mac(long expiry) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] out =
          hmac.doFinal(
              ("gist-session-v1|" + expiry + "|" + tokenDigest)
                  .getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "this JVM has no HmacSHA256, which every Java SE runtime must provide", e);
    }
  }

  @Override
  public String toString() {
    return "SessionCookie[redacted]";
  }
}
