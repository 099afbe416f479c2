package org.gistsweep.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AttemptTokensTest {
  private static final String SECRET =
      "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

  @Test
  void aTokenIsTheFirst128BitsOfHmacSha256OverStudyTrialAndAttempt() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(HexFormat.of().parseHex(SECRET), "HmacSHA256"));
    String full = HexFormat.of().formatHex(mac.doFinal("s-1/3/2".getBytes(StandardCharsets.UTF_8)));
    assertThat(AttemptTokens.of(SECRET, "s-1", 3, 2))
        .isEqualTo(full.substring(0, 32))
        .hasSize(AttemptTokens.LENGTH);
  }

  @Test
  void tokensDifferByStudyTrialAttemptAndSecret() {
    String token = AttemptTokens.of(SECRET, "s-1", 3, 2);
    assertThat(AttemptTokens.of(SECRET, "s-1", 3, 2)).isEqualTo(token);
    assertThat(AttemptTokens.of(SECRET, "s-1", 3, 1)).isNotEqualTo(token);
    assertThat(AttemptTokens.of(SECRET, "s-1", 4, 2)).isNotEqualTo(token);
    assertThat(AttemptTokens.of(SECRET, "s-2", 3, 2)).isNotEqualTo(token);
    assertThat(AttemptTokens.of(AttemptTokens.newSecret(), "s-1", 3, 2)).isNotEqualTo(token);
  }

  @Test
  void secretsAreRandom256BitHex() {
    String a = AttemptTokens.newSecret();
    assertThat(a).matches("[0-9a-f]{64}");
    assertThat(AttemptTokens.newSecret()).isNotEqualTo(a);
  }

  @Test
  void matchesOnlyTheSameToken() {
    String token = AttemptTokens.of(SECRET, "s-1", 0, 1);
    assertThat(AttemptTokens.matches(token, new String(token))).isTrue();
    assertThat(AttemptTokens.matches(token, null)).isFalse();
    assertThat(AttemptTokens.matches(token, "")).isFalse();
    assertThat(AttemptTokens.matches(token, token.substring(1))).isFalse();
    assertThat(
            AttemptTokens.matches(
                token, token.substring(0, 31) + (token.charAt(31) == '0' ? '1' : '0')))
        .isFalse();
  }
}
