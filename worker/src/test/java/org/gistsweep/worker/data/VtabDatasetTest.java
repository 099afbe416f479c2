package org.gistsweep.worker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VtabDatasetTest {
  @TempDir Path root;

  @BeforeEach
  void clearCache() {
    DatasetCache.clear();
  }

  private static void writeSolid(Path file, int rgb, int w, int h, String format)
      throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    Files.createDirectories(file.getParent());
    assertThat(ImageIO.write(img, format, file.toFile())).isTrue();
  }

  @Test
  void readsPngAndJpegResizedAndNormalised() throws IOException {
    Path task = root.resolve("mini");
    writeSolid(task.resolve("images/train/000000.png"), 0xFF0000, 40, 20, "png");
    writeSolid(task.resolve("images/train/000001.jpg"), 0x808080, 17, 17, "jpg");
    Files.write(
        task.resolve("train800.txt"),
        List.of("images/train/000000.png 3", "images/train/000001.jpg 1", ""));

    VtabDataset d = VtabDataset.load(root, "mini", "train800", 8);

    assertThat(d.size()).isEqualTo(2);
    assertThat(d.labels(new int[] {0, 1})).containsExactly(3, 1);
    assertThat(VtabDataset.classCount("mini", d)).isEqualTo(4);
    float[] out = new float[2 * 3 * 64];
    d.fill(new int[] {0, 1}, Normalization.HALF, out);
    assertThat(out[0]).isEqualTo(1f); // red plane of a pure red PNG: (255/255 - 0.5) / 0.5
    assertThat(out[64]).isEqualTo(-1f); // green plane
    assertThat(out[3 * 64]).isCloseTo(0.0f, Offset.offset(0.03f)); // grey JPEG ~128
  }

  @Test
  void missingImageNamesTheSplitFileAndLineNotTheLinesText() throws IOException {
    Path task = root.resolve("mini");
    writeSolid(task.resolve("images/test/000000.png"), 0x00FF00, 8, 8, "png");
    Files.write(
        task.resolve("test.txt"), List.of("images/test/000000.png 0", "images/test/000001.png 1"));

    assertThatThrownBy(() -> VtabDataset.load(root, "mini", "test", 8))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("test.txt:2")
        .hasMessageContaining("not found")
        .hasMessageNotContaining("000001.png");
  }

  @Test
  void corruptImageAndBadLabelAreReportedWithTheLine() throws IOException {
    Path task = root.resolve("mini");
    Files.createDirectories(task.resolve("images/test"));
    Files.writeString(task.resolve("images/test/000000.jpg"), "not a jpeg");
    Files.write(task.resolve("test.txt"), List.of("images/test/000000.jpg 0"));
    Files.write(task.resolve("val200.txt"), List.of("images/test/000000.jpg x"));

    assertThatThrownBy(() -> VtabDataset.load(root, "mini", "test", 8))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("the image listed at")
        .hasMessageContaining("test.txt:1");
    assertThatThrownBy(() -> VtabDataset.load(root, "mini", "val200", 8))
        .hasMessageContaining("val200.txt:1");
  }

  @Test
  void knownTasksUseTheTableClassCount() {
    assertThat(VtabTasks.classCount("sun397")).contains(397);
    assertThat(VtabTasks.classCount("smallnorb_ele")).contains(9);
    assertThat(VtabTasks.classCount(VtabTasks.SYNTHETIC_SHAPES))
        .contains(SyntheticShapes.DOWNSTREAM_CLASSES);
    assertThat(VtabTasks.names()).hasSize(21);
  }

  @Test
  void bicubicKeepsSizeAndConstants() {
    int[] rgb = new int[12 * 7];
    Arrays.fill(rgb, 0x336699);
    byte[] chw = BicubicResize.toChw(rgb, 12, 7, 5);
    assertThat(chw).hasSize(75);
    assertThat(chw[0] & 0xFF).isEqualTo(0x33);
    assertThat(chw[25] & 0xFF).isEqualTo(0x66);
    assertThat(chw[74] & 0xFF).isEqualTo(0x99);
    int[] ramp = new int[16];
    for (int i = 0; i < 16; i++) {
      ramp[i] = (i * 16) << 16;
    }
    byte[] same = BicubicResize.toChw(ramp, 4, 4, 4);
    for (int i = 0; i < 16; i++) {
      assertThat(same[i] & 0xFF).isEqualTo(i * 16);
    }
  }
}
