package org.gistsweep.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
  @Test
  void resolvesLikeHttp() {
    assertThat(ByteRange.all().resolve(10, "x")).isEqualTo(new ByteRange.Resolved(0, 9));
    assertThat(ByteRange.all().resolve(0, "x")).isEqualTo(ByteRange.Resolved.EMPTY);
    assertThat(ByteRange.of(2, 4).resolve(10, "x")).isEqualTo(new ByteRange.Resolved(2, 4));
    assertThat(ByteRange.of(8, 100).resolve(10, "x")).isEqualTo(new ByteRange.Resolved(8, 9));
    assertThat(ByteRange.from(7).resolve(10, "x")).isEqualTo(new ByteRange.Resolved(7, 9));
    assertThat(ByteRange.suffix(3).resolve(10, "x")).isEqualTo(new ByteRange.Resolved(7, 9));
    assertThat(ByteRange.suffix(30).resolve(10, "x")).isEqualTo(new ByteRange.Resolved(0, 9));
    assertThat(ByteRange.of(2, 4).resolve(10, "x").length()).isEqualTo(3);
    assertThat(ByteRange.Resolved.EMPTY.length()).isZero();
  }

  @Test
  void selectingNoByteIsNotSatisfiable() {
    for (ByteRange range :
        new ByteRange[] {
          ByteRange.of(10, 12), ByteRange.from(10), ByteRange.suffix(0), ByteRange.of(0, 0)
        }) {
      long size = range.equals(ByteRange.of(0, 0)) ? 0 : 10;
      assertThatThrownBy(() -> range.resolve(size, "s3://b: artifact 'k'"))
          .isInstanceOfSatisfying(
              ArtifactStoreException.class,
              e -> {
                assertThat(e.reason())
                    .isEqualTo(ArtifactStoreException.Reason.RANGE_NOT_SATISFIABLE);
                assertThat(e.getMessage())
                    .startsWith("s3://b: artifact 'k': range " + range.header());
              });
    }
  }

  @Test
  void headersAndBadRanges() {
    assertThat(ByteRange.of(0, 99).header()).isEqualTo("bytes=0-99");
    assertThat(ByteRange.from(100).header()).isEqualTo("bytes=100-");
    assertThat(ByteRange.suffix(10).header()).isEqualTo("bytes=-10");
    assertThat(ByteRange.all().isAll()).isTrue();
    assertThat(ByteRange.from(1).isAll()).isFalse();
    assertThatThrownBy(() -> ByteRange.of(5, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ByteRange.of(-2, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ByteRange.suffix(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ByteRange.of(1, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
