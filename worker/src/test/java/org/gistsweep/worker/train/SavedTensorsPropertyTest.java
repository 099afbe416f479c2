package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gistsweep.common.spec.ArtifactsSetting;
import org.gistsweep.common.spec.PeftMethod;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: for every PEFT method, GIST on and off, the weights a trial keeps are exactly the
 * tensors that train: the same names as {@link TrainableSet}, and as many values as {@code model
 * --json}'s {@code trainable_params} ({@link ModelInspector#count}); for {@code full} that is the
 * whole model.
 */
@Tag(Tier.TRAINING)
class SavedTensorsPropertyTest {
  private static final int CLASSES = 6;

  @TempDir Path scratch;

  @BeforeAll
  static void engine() {
    ModelFixtures.engine();
  }

  static Stream<Arguments> methodsWithAndWithoutGist() {
    return Stream.of(PeftMethod.values())
        .flatMap(m -> Stream.of(Arguments.of(m, true), Arguments.of(m, false)));
  }

  @ParameterizedTest(name = "{0}, gist {1}")
  @MethodSource("methodsWithAndWithoutGist")
  void theSavedTensorsAreExactlyTheTrainableOnes(PeftMethod method, boolean gist)
      throws IOException {
    TrainingSettings s = ModelFixtures.settings("peft", method.wireName(), "gist", gist);
    Map<String, SafeTensors.Tensor> saved;
    List<String> trainable;
    try (NDManager m = NDManager.newBaseManager()) {
      GistVit model = build(m, VitArch.VIT_TINY, CLASSES, s);
      trainable =
          TrainableSet.select(model.table(), method).stream().map(ParamTable.Entry::name).toList();
      keepOneEpoch(model, s);
      saved = SafeTensors.read(scratch.resolve("best.safetensors"));
    }
    long values = saved.values().stream().mapToLong(t -> t.data().length).sum();
    assertThat(saved.keySet()).containsExactlyElementsOf(trainable);
    assertThat(values).isEqualTo(ModelInspector.count("vit-tiny", CLASSES, s).trainable());
    if (method == PeftMethod.FULL) {
      assertThat(values).isEqualTo(ModelInspector.count("vit-tiny", CLASSES, s).total());
    } else {
      assertThat(saved)
          .doesNotContainKeys(
              "patch_embed.proj.weight", "blocks.0.attn.qkv.weight", "blocks.0.mlp.fc1.weight");
    }
    assertThat(saved.containsKey("gist.token")).isEqualTo(gist);
    String sidecar = Files.readString(scratch.resolve("best.json"));
    assertThat(sidecar)
        .contains(
            "\"tensors\": " + trainable.size(),
            "\"trainable_params\": " + values,
            "\"peft\": \"" + method.wireName());
  }

  /**
   * ViT-B/16 with the reference adapter and one Gist token, 100 classes: 160,660 floats, about 0.64
   * MB.
   */
  @Test
  void theVitB16AdapterKeepsAboutTwoThirdsOfAMegabyte() throws IOException {
    TrainingSettings s = ModelFixtures.settings("peft", "adapter", "gist", true, "adapter_dim", 4);
    try (NDManager m = NDManager.newBaseManager()) {
      GistVit model = build(m, VitArch.VIT_B16, 100, s);
      long start = System.nanoTime();
      keepOneEpoch(model, s);
      long micros = (System.nanoTime() - start) / 1000;
      Path file = scratch.resolve("best.safetensors");
      long floats = SafeTensors.read(file).values().stream().mapToLong(t -> t.data().length).sum();
      assertThat(floats).isEqualTo(82_992 + 768 + 76_900).isEqualTo(160_660);
      long size = Files.size(file);
      assertThat(size).isBetween(4 * 160_660L, 4 * 160_660L + 16_384);
      System.out.printf(
          "ViT-B/16 adapter (k 4) + GIST, 100 classes: %d floats, %,d bytes (%.2f MB), written"
              + " locally in %d us%n",
          floats, size, size / 1e6, micros);
    }
  }

  private void keepOneEpoch(GistVit model, TrainingSettings s) {
    List<ParamTable.Entry> trainable = TrainableSet.select(model.table(), s.peft());
    ParamCounts counts = ParamCounts.of(model, s.peft());
    Backbone random = new Backbone(model.arch(), Map.of(), "random:" + model.arch().name(), null);
    WeightKeeper keeper =
        new WeightKeeper(
            ModelFixtures.weights(ArtifactsSetting.BEST, scratch),
            s,
            model,
            trainable,
            counts,
            random);
    EpochResult epoch = new EpochResult(1, 1.0, 1.0, 0, 0, 0, 0.5, 1e-3, 1.0, 10.0);
    keeper.wrap(r -> EpochDecision.CONTINUE).onEpoch(epoch);
    assertThat(keeper.finish(List.of(epoch)))
        .extracting(SavedWeights::name)
        .containsExactly("best");
  }

  private static GistVit build(NDManager m, VitArch arch, int classes, TrainingSettings s) {
    return new GistVit(
        m,
        arch,
        classes,
        PeftSpec.of(s),
        new GistInitSpec(s.gistInit(), s.gistInitScale()),
        s.seed());
  }
}
