package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.gistsweep.common.spec.PeftMethod;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Parameter accounting of the added PEFT methods on ViT-B/16, and their start-from-pretrained
 * behaviour.
 */
@Tag(Tier.TRAINING)
class PeftMethodsTest {
  @BeforeAll
  static void engine() {
    ModelFixtures.engine();
  }

  private static PeftSpec spec(PeftMethod method, int gistTokens, int adapterDim, int prompts) {
    return new PeftSpec(method, adapterDim, 0.1, 8, 8, gistTokens, 0.1, 0, prompts);
  }

  @Test
  void vitB16CountsOfTheAddedMethods() {
    try (NDManager m = NDManager.newBaseManager()) {
      long d = 768;
      // Houlsby: two adapters per block, each d*k + k + k*d + d.
      assertThat(peft(m, PeftMethod.SEQUENTIAL_ADAPTER, 8, 10))
          .isEqualTo(12 * 2 * (2 * d * 8 + 8 + d));
      assertThat(peft(m, PeftMethod.VPT_SHALLOW, 4, 10)).isEqualTo(10 * d);
      assertThat(peft(m, PeftMethod.VPT_DEEP, 4, 10)).isEqualTo(12 * 10 * d);
      // SSF: per block norm1, qkv (3d), proj, norm2, fc1 (4d), fc2 = 11d channels; plus patch embed
      // and final norm.
      assertThat(peft(m, PeftMethod.SSF, 4, 10)).isEqualTo(2 * (12 * 11 * d + 2 * d));
      for (PeftMethod method : PeftMethod.values()) {
        ParamCounts on;
        try (NDManager sub = m.newSubManager()) {
          on =
              ParamCounts.of(
                  new GistVit(
                      sub,
                      VitArch.VIT_TINY,
                      100,
                      spec(method, 1, 4, 10),
                      ModelFixtures.uniform(),
                      1),
                  method);
        }
        assertThat(on.gist()).as(method.name()).isEqualTo(VitArch.VIT_TINY.dim());
        assertThat(on.trainable()).as(method.name()).isEqualTo(on.peft() + on.gist() + on.head());
      }
    }
  }

  private static long peft(NDManager m, PeftMethod method, int adapterDim, int prompts) {
    try (NDManager sub = m.newSubManager()) {
      GistVit model =
          new GistVit(
              sub,
              VitArch.VIT_B16,
              100,
              spec(method, 0, adapterDim, prompts),
              ModelFixtures.uniform(),
              1);
      return ParamCounts.of(model, method).peft();
    }
  }

  @Test
  void ssfStartsAsTheBackboneAndVptKeepsGistAtIndexOne() {
    try (NDManager m = NDManager.newBaseManager()) {
      GistVit plain =
          new GistVit(
              m, VitArch.VIT_TINY, 5, spec(PeftMethod.LINEAR, 1, 4, 3), ModelFixtures.uniform(), 7);
      GistVit ssf =
          new GistVit(
              m, VitArch.VIT_TINY, 5, spec(PeftMethod.SSF, 1, 4, 3), ModelFixtures.uniform(), 7);
      Checkpoints.load(
          ssf, SafeTensorsFixture.tensors(plain), e -> e.group() != ParamGroup.PEFT, "plain");
      NDArray images = m.randomNormal(new Shape(2, 3, 32, 32));
      GistVit.Logits a = plain.forward(images, false);
      GistVit.Logits b = ssf.forward(images, false);
      assertThat(b.cls().sub(a.cls()).abs().max().getFloat()).isLessThan(1e-5f);
      assertThat(b.gist().sub(a.gist()).abs().max().getFloat()).isLessThan(1e-5f);

      for (PeftMethod vpt : new PeftMethod[] {PeftMethod.VPT_SHALLOW, PeftMethod.VPT_DEEP}) {
        GistVit model =
            new GistVit(m, VitArch.VIT_TINY, 5, spec(vpt, 1, 4, 3), ModelFixtures.uniform(), 7);
        GistVit.Logits l = model.forward(images, false);
        assertThat(l.cls().getShape()).isEqualTo(new Shape(2, 5));
        assertThat(l.gist().getShape()).isEqualTo(new Shape(2, 5));
        assertThat(l.cls().sub(a.cls()).abs().max().getFloat()).as(vpt.name()).isGreaterThan(0f);
      }
    }
  }
}
