package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag(Tier.TRAINING)
class PretrainerTest {
  @TempDir Path dir;

  @Test
  void writesALoadableBackboneWithItsSidecar() throws IOException {
    ModelFixtures.engine();
    Path out = dir.resolve("out/tiny.safetensors");
    List<String> progress = new ArrayList<>();

    Pretrainer.pretrain(dir.resolve("data"), out, 1, 7, "val200", progress::add);

    assertThat(progress).hasSize(2);
    assertThat(progress.get(0)).startsWith("epoch 1/1 loss");
    assertThat(Files.readString(dir.resolve("out/tiny.json"))).contains("\"upstream_test_top1\"");
    Backbone b = BackboneResolver.resolve(out.toString(), dir);
    assertThat(b.arch()).isEqualTo(VitArch.VIT_TINY);
    assertThat(b.tensors()).containsKeys("cls_token", "blocks.3.mlp.fc2.weight", "head.weight");
    assertThat(b.tensors()).doesNotContainKey("gist.token");
  }
}
