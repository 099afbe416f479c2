package org.gistsweep.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrainingSettingsTest {
  @Test
  void defaultsAreTheGistReferenceConstants() {
    TrainingSettings s = TrainingSettings.defaults();
    assertThat(s.gist()).isTrue();
    assertThat(s.gistCeWeight()).isEqualTo(0.5);
    assertThat(s.klClsGistWeight()).isEqualTo(0.75);
    assertThat(s.klGistClsWeight()).isEqualTo(0.75);
    assertThat(s.temperature()).isEqualTo(3.0);
    assertThat(s.gistInit()).isEqualTo(GistInit.UNIFORM);
    assertThat(s.gistInitScale()).isEqualTo(0.5);
    assertThat(s.gistDropout()).isEqualTo(0.1);
    assertThat(s.peft()).isEqualTo(PeftMethod.ADAPTER);
  }

  @Test
  void klWeightSetsBothDirectionsUnlessOneIsGiven() {
    TrainingSettings s =
        TrainingSettings.resolve(Map.of("kl_weight", 1.0), Map.of("kl_gist_cls_weight", 0.2));
    assertThat(s.klClsGistWeight()).isEqualTo(1.0);
    assertThat(s.klGistClsWeight()).isEqualTo(0.2);
  }

  @Test
  void toMapRoundTripsThroughResolve() {
    TrainingSettings s =
        TrainingSettings.resolve(
            Map.of("lr", 0.02, "peft", "lora", "gist", false), Map.of("seed", 3));
    assertThat(TrainingSettings.resolve(s.toMap(), Map.of())).isEqualTo(s);
  }

  @Test
  void wholeNumbersArriveAsAnyNumericType() {
    TrainingSettings s =
        TrainingSettings.resolve(Map.of("batch_size", 16.0, "adapter_dim", 8L), Map.of());
    assertThat(s.batchSize()).isEqualTo(16);
    assertThat(s.adapterDim()).isEqualTo(8);
    assertThatThrownBy(() -> TrainingSettings.resolve(Map.of("batch_size", 16.5), Map.of()))
        .hasMessageContaining("whole number");
  }

  @Test
  void everySettingHasADefaultThatValidates() {
    for (Setting s : TrainingSettings.SETTINGS) {
      if (s.defaultValue() != null) {
        assertThat(s.coerce(s.name(), s.defaultValue())).as(s.name()).isEqualTo(s.defaultValue());
      }
    }
  }

  @Test
  void artifactsDefaultToTheBestEpochAndTheLegacySaveCheckpointMeansBestAndLast() {
    assertThat(TrainingSettings.defaults().storedArtifacts()).isEqualTo(ArtifactsSetting.BEST);
    assertThat(TrainingSettings.defaults().legacyWarnings()).isEmpty();
    assertThat(TrainingSettings.resolve(Map.of("artifacts", "none"), Map.of()).storedArtifacts())
        .isEqualTo(ArtifactsSetting.NONE);
    assertThat(TrainingSettings.resolve(Map.of("artifacts", "best_and_last"), Map.of()).toMap())
        .containsEntry("artifacts", "best_and_last");
    TrainingSettings legacy =
        TrainingSettings.resolve(
            Map.of("save_checkpoint", true, "checkpoint_dir", "/abs/ckpt"), Map.of());
    assertThat(legacy.storedArtifacts()).isEqualTo(ArtifactsSetting.BEST_AND_LAST);
    assertThat(legacy.legacyWarnings())
        .hasSize(2)
        .anySatisfy(w -> assertThat(w).startsWith("training.save_checkpoint is legacy"))
        .anySatisfy(w -> assertThat(w).startsWith("training.checkpoint_dir is legacy and ignored"));
    assertThatThrownBy(() -> TrainingSettings.resolve(Map.of("artifacts", "all"), Map.of()))
        .hasMessageContaining("training.artifacts")
        .hasMessageContaining("best, best_and_last, none");
  }

  @Test
  void resumeIsOnByDefaultEveryEpochButTheLastAndResumeEveryIsChecked() {
    TrainingSettings d = TrainingSettings.resolve(Map.of("epochs", 4), Map.of());
    assertThat(d.resume()).isTrue();
    assertThat(d.resumeEvery()).isEqualTo(1);
    assertThat(IntStream.rangeClosed(1, 4).filter(d::checkpointsAfter).boxed().toList())
        .containsExactly(1, 2, 3);
    TrainingSettings every2 =
        TrainingSettings.resolve(Map.of("epochs", 5, "resume_every", 2), Map.of());
    assertThat(IntStream.rangeClosed(1, 5).filter(every2::checkpointsAfter).boxed().toList())
        .containsExactly(2, 4);
    TrainingSettings off = TrainingSettings.resolve(Map.of("epochs", 4, "resume", false), Map.of());
    assertThat(IntStream.rangeClosed(1, 4).filter(off::checkpointsAfter).boxed().toList())
        .isEmpty();
    assertThat(TrainingSettings.resolve(off.toMap(), Map.of())).isEqualTo(off);
    assertThatThrownBy(() -> TrainingSettings.resolve(Map.of("resume_every", 0), Map.of()))
        .hasMessageContaining("training.resume_every")
        .hasMessageContaining("1");
    assertThatThrownBy(() -> TrainingSettings.resolve(Map.of("resume", "yes"), Map.of()))
        .hasMessageContaining("training.resume")
        .hasMessageContaining("true or false");
  }
}
