package org.gistsweep.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactKeysTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "studies/s-1/trials/12/attempts/1/best.safetensors",
        "t/1/log/000001",
        "x=1+y@z_w.v"
      })
  void goodKeys(String key) {
    assertThat(ArtifactKeys.check(key)).isEqualTo(key);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/a",
        "a/",
        "a//b",
        "..",
        "a/../b",
        "a/./b",
        ".hidden",
        "a/.partial/b",
        "a\\b",
        "a b",
        "a\tb",
        "a\u0000b",
        "naïve",
        "a?b",
        "a#b",
        "a%2Fb",
        "best.sha256",
        "x/y.sha256"
      })
  void badKeys(String key) {
    assertThatThrownBy(() -> ArtifactKeys.check(key))
        .isInstanceOfSatisfying(
            ArtifactStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(ArtifactStoreException.Reason.INVALID_KEY));
  }

  @Test
  void theErrorSaysWhichRuleAndShowsOnlyPrintableCharacters() {
    assertThatThrownBy(() -> ArtifactKeys.check("a/../b"))
        .hasMessageContaining("'a/../b'")
        .hasMessageContaining("'.'");
    assertThatThrownBy(() -> ArtifactKeys.check("a\nb"))
        .hasMessageContaining("'a?b'")
        .hasMessageContaining("A-Z a-z 0-9");
    assertThatThrownBy(() -> ArtifactKeys.check("a".repeat(901)))
        .hasMessageContaining("at most 900");
    assertThatThrownBy(() -> ArtifactKeys.check("a".repeat(256))).hasMessageContaining("255");
  }

  @Test
  void prefixesLoseOneTrailingSlashAndTheEmptyPrefixIsTheWholeStore() {
    assertThat(ArtifactKeys.checkPrefix("")).isEmpty();
    assertThat(ArtifactKeys.checkPrefix("studies/s1/")).isEqualTo("studies/s1");
    assertThat(ArtifactKeys.checkPrefix("studies/s1")).isEqualTo("studies/s1");
    assertThatThrownBy(() -> ArtifactKeys.checkPrefix("/"))
        .isInstanceOf(ArtifactStoreException.class);
    assertThatThrownBy(() -> ArtifactKeys.checkPrefix("a//"))
        .isInstanceOf(ArtifactStoreException.class);
    assertThat(ArtifactKeys.isBelow("studies/10/a", "studies/1")).isFalse();
    assertThat(ArtifactKeys.isBelow("studies/1/a", "studies/1")).isTrue();
    assertThat(ArtifactKeys.join("", "a")).isEqualTo("a");
    assertThat(ArtifactKeys.join("p", "a")).isEqualTo("p/a");
  }
}
