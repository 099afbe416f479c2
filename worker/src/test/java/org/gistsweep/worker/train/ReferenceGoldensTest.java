package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gistsweep.testsupport.RequiresTool;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Tool;
import org.gistsweep.testsupport.Tools;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed fidelity goldens are what {@code src/test/python/gist_reference.py} computes: it
 * runs the PyTorch reference into a fresh folder and compares every file, tensor by tensor, with
 * src/test/resources/fidelity. So {@link FidelityTest} checks Java against the reference as it is
 * now, not against a stale copy. Skipped, with the reason, where Debian's python3 cannot import
 * torch and numpy ({@code apt-get install -y python3-torch libopenblas0-pthread}).
 */
@RequiresTool(Tool.TORCH)
@Tag(Tier.PYTHON)
class ReferenceGoldensTest {
  private static final Path SCRIPT = Path.of("src/test/python/gist_reference.py");
  private static final Path COMMITTED = Path.of("src/test/resources/fidelity");

  /**
   * The goldens are float64 results stored as float32; another torch build may move the last bit.
   */
  private static final double TOLERANCE = 1e-6;

  @TempDir Path out;

  @Test
  void theReferenceScriptReproducesTheCommittedGoldens() throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(Tools.PYTHON, SCRIPT.toString(), "--out", out.toString())
            .redirectErrorStream(true);
    builder.environment().put("OPENBLAS_NUM_THREADS", "1");
    Process p = builder.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("gist_reference.py finished").isTrue();
    assertThat(p.exitValue()).as(log).isZero();

    List<String> committed = names(COMMITTED);
    assertThat(names(out)).isEqualTo(committed);
    assertThat(committed)
        .contains("checkpoint.safetensors", "batch.safetensors", "golden_adapter_gist.safetensors");
    for (String file : committed) {
      Map<String, SafeTensors.Tensor> want = SafeTensors.read(COMMITTED.resolve(file));
      Map<String, SafeTensors.Tensor> got = SafeTensors.read(out.resolve(file));
      assertThat(got.keySet()).as(file).containsExactlyInAnyOrderElementsOf(want.keySet());
      want.forEach((name, w) -> assertClose(file + " " + name, got.get(name), w));
    }
  }

  private static void assertClose(String what, SafeTensors.Tensor got, SafeTensors.Tensor want) {
    assertThat(got.shape()).as(what + " shape").isEqualTo(want.shape());
    double scale = 0;
    for (float v : want.data()) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < want.data().length; i++) {
      assertThat((double) got.data()[i])
          .as("%s[%d]", what, i)
          .isCloseTo(want.data()[i], within(TOLERANCE * Math.max(scale, 1e-12)));
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".safetensors"))
          .sorted()
          .toList();
    }
  }
}
