package org.gistsweep.worker.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Reads a VTAB-1K split file and decodes its images (JPEG, PNG: whatever javax.imageio reads). */
final class SplitReader {
  private SplitReader() {}

  static VtabDataset read(Path root, String task, String split, int size) {
    Path taskDir = root.resolve(task);
    Path splitFile = taskDir.resolve(split + ".txt");
    if (!Files.isRegularFile(splitFile)) {
      throw new DataException("split file not found: " + splitFile + " (task '" + task + "', split '" + split + "')");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(splitFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DataException("cannot read split file " + splitFile + ": " + e.getMessage(), e);
    }
    List<byte[]> pixels = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = splitFile + ":" + (n + 1);
      int cut = line.lastIndexOf(' ');
      if (cut <= 0) {
        throw new DataException(where + ": expected '<image path> <label>', got '" + line + "'");
      }
      int label;
      try {
        label = Integer.parseInt(line.substring(cut + 1).strip());
      } catch (NumberFormatException e) {
        throw new DataException(where + ": label is not an integer in '" + line + "'", e);
      }
      if (label < 0) {
        throw new DataException(where + ": negative label " + label);
      }
      pixels.add(decode(taskDir.resolve(line.substring(0, cut).strip()), where, size));
      labels.add(label);
    }
    if (labels.isEmpty()) {
      throw new DataException("split file " + splitFile + " lists no images");
    }
    return new VtabDataset(
        task, split, size, pixels.toArray(new byte[0][]), labels.stream().mapToInt(Integer::intValue).toArray());
  }

  private static byte[] decode(Path image, String where, int size) {
    if (!Files.isRegularFile(image)) {
      throw new DataException("image file not found: " + image + " (listed at " + where + ")");
    }
    BufferedImage img;
    try {
      img = ImageIO.read(image.toFile());
    } catch (IOException | RuntimeException e) {
      throw new DataException("cannot decode image " + image + " (listed at " + where + "): " + e.getMessage(), e);
    }
    if (img == null) {
      throw new DataException("unsupported or corrupt image " + image + " (listed at " + where + ")");
    }
    int w = img.getWidth();
    int h = img.getHeight();
    int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
    return BicubicResize.toChw(rgb, w, h, size);
  }
}
