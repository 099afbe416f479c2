package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.spec.SweepSpecParser;
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
  void theVtabSweepCoversEveryTaskWithAndWithoutGistOverThreeSeeds() {
    SweepSpec spec = SweepSpecParser.parse(EXAMPLES.resolve("vtab1k-gist-adapter.yaml"));
    assertThat(spec.space().byName().get("task").distribution().toString()).contains("cifar", "smallnorb_ele");
    assertThat(spec.budget().trials()).isEqualTo(19 * 2 * 3);
    assertThat(spec.settingsFor(java.util.Map.of("task", "eurosat", "gist", true, "seed", 42L)).lr()).isEqualTo(3e-3);
  }
}
