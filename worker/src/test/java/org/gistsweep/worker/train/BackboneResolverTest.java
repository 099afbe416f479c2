package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gistsweep.common.spec.PeftMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackboneResolverTest {
  @TempDir Path dir;

  @BeforeAll
  static void engine() {
    ModelFixtures.engine();
  }

  private Path saveTiny(String name) throws IOException {
    Path f = dir.resolve(name);
    try (NDManager m = NDManager.newBaseManager()) {
      GistVit model =
          new GistVit(
              m,
              VitArch.VIT_TINY,
              3,
              ModelFixtures.spec(PeftMethod.LINEAR, 0),
              ModelFixtures.uniform(),
              5);
      Checkpoints.save(model, f, Checkpoints::isBackbone, Map.of());
    }
    return f;
  }

  @Test
  void timmFileWithoutSidecarInfersTheArch() throws IOException {
    Backbone b = BackboneResolver.resolve(saveTiny("a.safetensors").toString(), dir);
    assertThat(b.pretrained()).isTrue();
    assertThat(b.arch().dim()).isEqualTo(96);
    assertThat(b.arch().depth()).isEqualTo(VitArch.VIT_TINY.depth());
    assertThat(b.arch().patchSize()).isEqualTo(4);
    assertThat(b.arch().imageSize()).isEqualTo(32);
    assertThat(b.arch().mlpRatio()).isEqualTo(4);
  }

  @Test
  void sidecarGivesTheArch() throws IOException {
    Path f = saveTiny("b.safetensors");
    Files.writeString(
        dir.resolve("b.json"), ArchSidecar.toJson(VitArch.VIT_TINY, Map.of("note", "x")));
    assertThat(BackboneResolver.resolve(f.toString(), dir).arch()).isEqualTo(VitArch.VIT_TINY);
  }

  @Test
  void builtinIsExtractedIntoTheCache() {
    Backbone b = BackboneResolver.resolve("builtin:vit-tiny-shapes", dir);
    assertThat(b.arch()).isEqualTo(VitArch.VIT_TINY);
    assertThat(b.tensors()).containsKeys("pos_embed", "blocks.0.attn.qkv.weight", "head.weight");
    assertThat(dir.resolve("backbone/vit-tiny-shapes.safetensors")).isRegularFile();
  }

  @Test
  void unknownNamesAreConfigErrors() {
    assertThatThrownBy(() -> BackboneResolver.resolve("builtin:nope", dir))
        .isInstanceOfSatisfying(
            TrainingException.class, e -> assertThat(e.errorType()).isEqualTo("invalid_config"));
    assertThatThrownBy(() -> BackboneResolver.resolve("random:vit-huge", dir))
        .hasMessageContaining("vit-huge");
    assertThatThrownBy(
            () -> BackboneResolver.resolve(dir.resolve("missing.safetensors").toString(), dir))
        .isInstanceOfSatisfying(
            TrainingException.class, e -> assertThat(e.errorType()).isEqualTo("checkpoint"));
  }
}
