package org.gistsweep.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartPlanTest {
  private static final long MIB = MultipartPlan.MIB;

  @Test
  void theDefaultSendsSmallObjectsWholeAndAFullViTbInTwentyOneParts() {
    MultipartPlan plan = MultipartPlan.DEFAULT;
    assertThat(plan.single(640_000)).isTrue();
    assertThat(plan.single(16 * MIB)).isTrue();
    assertThat(plan.single(16 * MIB + 1)).isFalse();
    List<MultipartPlan.Part> parts = plan.parts(344_000_000);
    assertThat(parts).hasSize(21);
    assertThat(parts.get(0)).isEqualTo(new MultipartPlan.Part(1, 0, 16 * MIB));
    assertThat(parts.get(20))
        .isEqualTo(new MultipartPlan.Part(21, 20 * 16 * MIB, 344_000_000 - 20 * 16 * MIB));
  }

  @Test
  void partsCoverTheObjectExactlyAndNeverExceedTenThousand() {
    for (long size :
        new long[] {5 * MIB + 1, 16 * MIB * 10_000, 16 * MIB * 10_000 + 1, 300L << 30}) {
      List<MultipartPlan.Part> parts = MultipartPlan.DEFAULT.parts(size);
      assertThat(parts).hasSizeLessThanOrEqualTo(MultipartPlan.MAX_PARTS);
      long next = 0;
      for (MultipartPlan.Part part : parts) {
        assertThat(part.offset()).isEqualTo(next);
        next += part.length();
      }
      assertThat(next).isEqualTo(size);
      assertThat(parts.subList(0, parts.size() - 1))
          .allMatch(p -> p.length() >= MultipartPlan.MIN_PART);
    }
  }

  @Test
  void partsAreAtLeastFiveMebibytes() {
    assertThatThrownBy(() -> new MultipartPlan(MIB, MIB))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
