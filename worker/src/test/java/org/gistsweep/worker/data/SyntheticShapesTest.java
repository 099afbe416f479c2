package org.gistsweep.worker.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticShapesTest {
  @TempDir Path a;
  @TempDir Path b;

  @Test
  void sameSeedGivesIdenticalBytesInTheVtabLayout() throws IOException {
    Path ta = SyntheticShapes.generate(a, VtabTasks.SYNTHETIC_SHAPES, 99);
    Path tb = SyntheticShapes.generate(b, VtabTasks.SYNTHETIC_SHAPES, 99);

    List<Path> files = relativeFiles(ta);
    assertThat(files).isEqualTo(relativeFiles(tb));
    for (Path f : files) {
      assertThat(Files.readAllBytes(tb.resolve(f)))
          .as(f.toString())
          .isEqualTo(Files.readAllBytes(ta.resolve(f)));
    }
    assertThat(Files.readAllLines(ta.resolve("train800.txt"))).hasSize(800);
    assertThat(Files.readAllLines(ta.resolve("val200.txt"))).hasSize(200);
    assertThat(Files.readAllLines(ta.resolve("train800val200.txt"))).hasSize(1000);
    assertThat(Files.readAllLines(ta.resolve("test.txt"))).hasSize(600);
    assertThat(Files.readAllLines(ta.resolve("test.txt")).get(0))
        .matches("images/test/000000\\.png [0-5]");
  }

  @Test
  void differentSeedDiffersAndLabelsCoverAllClasses() throws IOException {
    Path ta = SyntheticShapes.generate(a, VtabTasks.SYNTHETIC_SHAPES, 1);
    Path tb = SyntheticShapes.generate(b, VtabTasks.SYNTHETIC_SHAPES, 2);
    assertThat(Files.readAllBytes(ta.resolve("images/test/000000.png")))
        .isNotEqualTo(Files.readAllBytes(tb.resolve("images/test/000000.png")));
    VtabDataset d = VtabDataset.load(a, VtabTasks.SYNTHETIC_SHAPES, "train800val200", 32);
    int[] counts = new int[SyntheticShapes.DOWNSTREAM_CLASSES];
    for (int i = 0; i < d.size(); i++) {
      counts[d.label(i)]++;
    }
    assertThat(Arrays.stream(counts).min().orElse(0)).isGreaterThan(100);
  }

  @Test
  void ensureReusesACompleteFolder() throws IOException {
    Path t = SyntheticShapes.ensure(a, VtabTasks.SYNTHETIC_SHAPES);
    Path probe = t.resolve("test.txt");
    FileTime old = FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(probe, old);

    SyntheticShapes.ensure(a, VtabTasks.SYNTHETIC_SHAPES);

    assertThat(Files.getLastModifiedTime(probe)).isEqualTo(old);
    try (Stream<Path> s = Files.list(a)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactly(VtabTasks.SYNTHETIC_SHAPES);
    }
  }

  private static List<Path> relativeFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
    }
  }
}
