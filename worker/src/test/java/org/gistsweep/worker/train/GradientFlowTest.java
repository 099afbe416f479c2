package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.gistsweep.common.spec.PeftMethod;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Tag(Tier.TRAINING)
class GradientFlowTest {
  @BeforeAll
  static void engine() {
    ModelFixtures.engine();
  }

  @ParameterizedTest
  @EnumSource(PeftMethod.class)
  void gradientsReachExactlyTheTrainableSetAndMemoryStaysFlat(PeftMethod method) {
    try (NDManager m = NDManager.newBaseManager()) {
      GistVit model =
          new GistVit(
              m, VitArch.VIT_TINY, 5, ModelFixtures.spec(method, 1), ModelFixtures.uniform(), 3);
      List<ParamTable.Entry> trainable = TrainableSet.apply(model.table(), method);
      Set<String> names =
          trainable.stream().map(ParamTable.Entry::name).collect(Collectors.toSet());
      assertThat(names).contains("head.weight", "head.bias", "gist.token");
      switch (method) {
        case ADAPTER ->
            assertThat(names).contains("blocks.0.adapter.down.weight", "blocks.3.adapter.up.bias");
        case LORA -> assertThat(names).contains("blocks.0.attn.lora_q.a", "blocks.0.attn.lora_v.b");
        case BITFIT ->
            assertThat(names)
                .contains("blocks.0.attn.qkv.bias", "norm.bias")
                .doesNotContain("norm.weight");
        case FULL -> assertThat(names).hasSize(model.table().entries().size());
        case LINEAR -> assertThat(names).hasSize(3);
        case SEQUENTIAL_ADAPTER ->
            assertThat(names)
                .contains("blocks.0.adapter_attn.down.weight", "blocks.3.adapter_mlp.up.bias");
        case VPT_SHALLOW -> assertThat(names).hasSize(4).contains("vpt.prompt");
        case VPT_DEEP ->
            assertThat(names).hasSize(3 + VitArch.VIT_TINY.depth()).contains("blocks.3.vpt.prompt");
        case SSF ->
            assertThat(names)
                .contains(
                    "patch_embed.proj.ssf_scale",
                    "blocks.0.attn.qkv.ssf_shift",
                    "blocks.3.mlp.fc1.ssf_scale",
                    "norm.ssf_shift")
                .doesNotContain("norm.weight");
      }
      AdamW opt = new AdamW(trainable, model.table(), 1e-4, m);
      int managed = -1;
      for (int step = 0; step < 3; step++) {
        try (NDManager batch = m.newSubManager()) {
          NDArray images = batch.randomNormal(new Shape(4, 3, 32, 32));
          try (GradientCollector gc = m.getEngine().newGradientCollector()) {
            GistLoss.Terms t =
                new GistLoss(0.5, 0.75, 0.75, 3)
                    .compute(model.forward(images, true), new int[] {0, 1, 2, 4});
            gc.backward(t.total());
          }
          if (step == 0) {
            for (ParamTable.Entry e : model.table().entries()) {
              boolean trains = names.contains(e.name());
              assertThat(e.array().hasGradient()).as(e.name()).isEqualTo(trains);
              if (trains && !e.name().endsWith("lora_q.a") && !e.name().endsWith("lora_v.a")) {
                try (NDArray g = e.array().getGradient()) {
                  assertThat(g.abs().sum().getFloat())
                      .as("gradient of " + e.name())
                      .isGreaterThan(0f);
                }
              }
            }
          }
          opt.step(1e-3, batch);
        }
        int now = m.getManagedArrays().size();
        assertThat(managed == -1 || now == managed)
            .as("managed arrays after step " + step)
            .isTrue();
        managed = now;
      }
    }
  }
}
