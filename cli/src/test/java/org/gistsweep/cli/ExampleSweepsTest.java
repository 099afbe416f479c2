package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gistsweep.common.spec.PathSettings;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.spec.SweepSpecParser;
import org.gistsweep.common.spec.WorkerRoots;
import org.junit.jupiter.api.Test;

/** Every sweep file shipped in examples/ is valid, so users can copy them as they are. */
class ExampleSweepsTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void everyShippedSweepFileParses() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      SweepSpec spec = SweepSpecParser.parse(f);
      assertThat(spec.budget().trials()).as(f.toString()).isPositive();
    }
  }

  @Test
  void everyShippedSweepPassesTheSubmitPathCheckOfTheWorkersItIsMeantFor() throws IOException {
    WorkerRoots compose = new WorkerRoots(List.of("/data"), List.of("/weights"));
    WorkerRoots local =
        new WorkerRoots(
            List.of("/home/me/.cache/gist-sweep/data"),
            List.of(
                "/home/me/.cache/gist-sweep/weights", "/home/me/.cache/gist-sweep/cache/backbone"));
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        SweepSpec spec = SweepSpecParser.parse(f);
        PathSettings.check(spec, compose);
        if (!f.getFileName()
            .toString()
            .startsWith("vtab1k")) { // the real-VTAB sweep is for the compose workers
          PathSettings.check(spec, local);
        }
      }
    }
  }

  @Test
  void noShippedSweepUsesTheLegacyCheckpointSettings() throws IOException {
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        SweepSpec spec = SweepSpecParser.parse(f);
        assertThat(spec.training())
            .as(f.toString())
            .doesNotContainKeys("save_checkpoint", "checkpoint_dir");
        assertThat(spec.space().byName())
            .as(f.toString())
            .doesNotContainKeys("save_checkpoint", "checkpoint_dir");
      }
    }
  }

  @Test
  void theVtabSweepCoversEveryTaskWithAndWithoutGistOverThreeSeeds() {
    SweepSpec spec = SweepSpecParser.parse(EXAMPLES.resolve("vtab1k-gist-adapter.yaml"));
    assertThat(spec.space().byName().get("task").distribution().toString())
        .contains("cifar", "smallnorb_ele");
    assertThat(spec.budget().trials()).isEqualTo(19 * 2 * 3);
    assertThat(spec.settingsFor(Map.of("task", "eurosat", "gist", true, "seed", 42L)).lr())
        .isEqualTo(3e-3);
  }
}
