package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import org.gistsweep.common.spec.PeftMethod;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag(Tier.TRAINING)
class ParamCountsTest {
  @BeforeAll
  static void engine() {
    ModelFixtures.engine();
  }

  @Test
  void vitB16ReferenceAdapterAndGistCounts() {
    try (NDManager m = NDManager.newBaseManager()) {
      GistVit model =
          new GistVit(
              m,
              VitArch.VIT_B16,
              100,
              ModelFixtures.spec(PeftMethod.ADAPTER, 1),
              ModelFixtures.uniform(),
              1);
      ParamCounts c = ParamCounts.of(model, PeftMethod.ADAPTER);
      assertThat(c.peft()).isEqualTo(82_992);
      assertThat(c.gist()).isEqualTo(768);
      assertThat(c.head()).isEqualTo(768 * 100 + 100);
      assertThat(c.trainable()).isEqualTo(82_992 + 768 + 76_900);
      // ViT-B/16 backbone (timm, without head) has 85,798,656 parameters.
      assertThat(c.total() - c.peft() - c.gist() - c.head()).isEqualTo(85_798_656L);
    }
  }

  @Test
  void gistOffAddsNothing() {
    try (NDManager m = NDManager.newBaseManager()) {
      for (PeftMethod method : PeftMethod.values()) {
        ParamCounts on =
            ParamCounts.of(
                new GistVit(
                    m,
                    VitArch.VIT_TINY,
                    6,
                    ModelFixtures.spec(method, 1),
                    ModelFixtures.uniform(),
                    1),
                method);
        ParamCounts off =
            ParamCounts.of(
                new GistVit(
                    m,
                    VitArch.VIT_TINY,
                    6,
                    ModelFixtures.spec(method, 0),
                    ModelFixtures.uniform(),
                    1),
                method);
        assertThat(off.gist()).isZero();
        assertThat(on.gist()).isEqualTo(VitArch.VIT_TINY.dim());
        assertThat(on.trainable() - off.trainable())
            .as(method.name())
            .isEqualTo(VitArch.VIT_TINY.dim());
        assertThat(on.total() - off.total()).isEqualTo(VitArch.VIT_TINY.dim());
      }
    }
  }
}
